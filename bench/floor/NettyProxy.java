import java.time.Duration;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of a JVM proxy, for {@code bench/floor.sh}: Reactor Netty's server and client (the
 * client runctl's {@code WebClient} uses), passing {@code GET} through to the stub with the token
 * added, a deadline, and nothing else (no Spring, no security, no mapping, no metrics).
 *
 * <pre>java -cp &lt;reactor-netty and netty jars&gt;:. NettyProxy PORT UPSTREAM_BASE TOKEN</pre>
 */
public final class NettyProxy {

	private record Answer(HttpResponseStatus status, byte[] body) {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String authorization = "Key " + args[2];
		HttpClient upstream = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(64).build())
			.baseUrl(args[1])
			.responseTimeout(Duration.ofSeconds(10));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.handle((request, response) -> upstream.headers((headers) -> headers.set("Authorization", authorization))
				.get()
				.uri(request.uri())
				.responseSingle((answer, body) -> body.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new Answer(answer.status(), bytes)))
				.flatMap((answer) -> response.status(answer.status())
					.header("Content-Type", "application/json")
					.sendByteArray(Mono.just(answer.body()))
					.then()))
			.bindNow();
		System.out.println("READY " + server.port());
		server.onDispose().block();
	}

}
