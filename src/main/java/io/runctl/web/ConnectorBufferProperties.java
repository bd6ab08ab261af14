package io.runctl.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The per-connection buffers of the embedded Tomcat ({@code runctl.http.buffers.*}).
 * Every open connection holds them for as long as it lives, a monitor stream for hours,
 * so they are sized for what this service reads and writes (small requests, SSE events of
 * a few hundred bytes) rather than for bulk transfer. BENCHMARKS.md ("Monitor fan-out")
 * has the per-connection breakdown they come from.
 *
 * @param read the socket read buffer (Tomcat {@code socket.appReadBufSize}, default 8
 * KB); the request line and headers buffer is this plus
 * {@code server.max-http-request-header-size}. A request larger than it is read in
 * several reads.
 * @param write the socket write buffer (Tomcat {@code socket.appWriteBufSize}, Tomcat's
 * default 8 KB kept): the most written to the socket in one call; larger writes take
 * several. A second's worth of monitor events (about 7 KB in the benchmark) fits in one.
 * @param maxTrailerSize the largest trailer section of a chunked request body (Tomcat
 * {@code maxTrailerSize}, default 8 KB, allocated up front for every connection); this
 * API reads no trailers. Larger ones are refused with 400.
 * @param response the servlet response buffer (Tomcat's default 8 KB kept; it costs three
 * times its size, bytes plus chars). An answer that fits is sent with
 * {@code Content-Length}; a larger one is sent chunked as it is written, at most this
 * many bytes a chunk, so it also bounds a monitor stream's writes: 4 KB split a second of
 * events in two and doubled the lag to the 10 000th stream (BENCHMARKS.md).
 */
@ConfigurationProperties("runctl.http.buffers")
public record ConnectorBufferProperties(@DefaultValue("2KB") DataSize read, @DefaultValue("8KB") DataSize write,
		@DefaultValue("1KB") DataSize maxTrailerSize, @DefaultValue("8KB") DataSize response) {

	public ConnectorBufferProperties {
		if (read.toBytes() < 512 || write.toBytes() < 512 || response.toBytes() < 512
				|| maxTrailerSize.toBytes() < 256) {
			throw new IllegalArgumentException("runctl.http.buffers.read, write and response must be at least 512B, "
					+ "max-trailer-size at least 256B");
		}
	}

}
