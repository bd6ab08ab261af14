package io.runctl.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.runctl.testing.RawHttp;
import io.runctl.testing.RawHttp.Answer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's header limits are the sizes configured, and requests and answers larger than
 * its buffers still pass whole: they only take more reads and writes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "runctl.upstream.base-url=http://127.0.0.1:1", "runctl.upstream.pat=unused",
		"runctl.lock-file=target/no-lock-file.yaml" })
class HttpLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void connectorShouldUseTheConfiguredLimitsAndBuffers() {
		HttpConfiguration http = ((JettyWebServer) this.context.getWebServer()).getServer().getConnectors()[0]
			.getConnectionFactory(HttpConnectionFactory.class)
			.getHttpConfiguration();

		assertThat(http.getRequestHeaderSize()).isEqualTo(8192);
		assertThat(http.getResponseHeaderSize()).isEqualTo(8192);
		assertThat(http.getSendServerVersion()).isFalse();
		assertThat(http.getOutputBufferSize()).isEqualTo(8192);
	}

	@Test
	void requestHeadersOverTheLimitShouldBeRefusedWithAProblem() throws IOException {
		Answer answer = RawHttp.send(this.port, "GET", "/problems/invalid-parameter", "X-Padding: " + "p".repeat(9000),
				new byte[0]);

		assertThat(answer.status()).isEqualTo(431);
		assertThat(answer.body()).contains("\"status\":431").contains("\"type\":\"/problems/headers-too-large\"");
		assertThat(answer.isHtml()).isFalse();
	}

	@Test
	void aUrlOverTheLimitShouldBeRefusedWithAProblemOfItsOwn() throws IOException {
		Answer answer = RawHttp.send(this.port, "GET", "/runs/" + "a".repeat(10_000), "", new byte[0]);

		assertThat(answer.status()).isEqualTo(414);
		assertThat(answer.body()).contains("\"status\":414").contains("\"type\":\"/problems/uri-too-long\"");
		assertThat(answer.isHtml()).isFalse();
	}

	@Test
	void aUrlJettyRefusesShouldBeAProblemWithItsInstance() throws IOException {
		Answer answer = RawHttp.send(this.port, "GET", "//runs", "X-Request-Id: j-1", new byte[0]);

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body()).contains("\"type\":\"/problems/invalid-parameter\"")
			.contains("\"instance\":\"//runs\"")
			.contains("\"request_id\":\"j-1\"");
		assertThat(answer.isHtml()).isFalse();

		// A request Jetty cannot even read has no path to name.
		Answer unreadable = RawHttp.send(this.port, "GET", "/runs/a%00b\"x", "", new byte[0]);
		assertThat(unreadable.status()).isEqualTo(400);
		assertThat(unreadable.body()).contains("\"type\":\"/problems/invalid-parameter\"").doesNotContain("instance");
	}

	@Test
	void requestHeadersLargerThanTheReadBufferShouldBeRead() throws IOException {
		Answer answer = RawHttp.send(this.port, "GET", "/problems/invalid-parameter", "X-Padding: " + "p".repeat(6000),
				new byte[0]);

		assertThat(answer.status()).isEqualTo(200);
	}

	@Test
	void aBodyLargerThanTheReadBufferShouldBeReadWhole() throws IOException {
		// 12 KB: under the body limit, six times the read buffer; its reason is too long,
		// which only a body read to its end can tell.
		byte[] body = ("{\"reason\":\"" + "r".repeat(12_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		Answer answer = RawHttp.send(this.port, "POST",
				"/runs/r1/pause?user_id=u&app_id=a&pipeline_id=p&pipeline_version_id=v", "", body);

		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.body()).contains("\"type\":\"/problems/");
	}

	@Test
	void anAnswerLargerThanTheWriteBufferShouldArriveWhole() throws IOException {
		Answer answer = RawHttp.send(this.port, "GET", "/v3/api-docs", "", new byte[0]);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().length()).isGreaterThan(4 * 8192);
		assertThat(answer.body()).startsWith("{").endsWith("}");
	}

}
