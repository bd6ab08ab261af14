package io.runctl.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The buffers Jetty holds for every open connection ({@code runctl.http.buffers.*}). A
 * monitor stream keeps its connection for hours, so they are sized for what this service
 * writes (small answers, SSE events of a few hundred bytes) rather than for bulk
 * transfer. BENCHMARKS.md ("Monitor fan-out") has the measurements.
 *
 * @param output the response buffer (Jetty's {@code outputBufferSize}, default 32 KB, a
 * pooled direct buffer each connection keeps once it has written): an answer that fits is
 * sent with {@code Content-Length}, a larger one in chunks as it is written. Writes under
 * a quarter of it are gathered until a flush; larger ones go to the socket directly.
 */
@ConfigurationProperties("runctl.http.buffers")
public record ConnectionBufferProperties(@DefaultValue("8KB") DataSize output) {

	public ConnectionBufferProperties {
		if (output.toBytes() < 1024) {
			throw new IllegalArgumentException("runctl.http.buffers.output must be at least 1KB");
		}
	}

}
