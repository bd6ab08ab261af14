package io.runctl.web;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a configurable servlet response buffer. Tomcat
 * sizes every connection's response buffer (8 KB of bytes plus 8 K chars, 24 KB of heap)
 * from {@link #getDesiredBufferSize()}, which the standard protocol leaves at its default
 * and offers no setting for. Set by {@link ConnectorTuning} from
 * {@code runctl.http.buffers.response}; a response may still ask for a larger buffer.
 */
public class BufferSizedHttp11Protocol extends Http11NioProtocol {

	private volatile int responseBufferSize = -1;

	@Override
	public int getDesiredBufferSize() {
		return this.responseBufferSize;
	}

	/** Bytes; -1 keeps Tomcat's default (8 KB). */
	public void setResponseBufferSize(int responseBufferSize) {
		this.responseBufferSize = responseBufferSize;
	}

}
