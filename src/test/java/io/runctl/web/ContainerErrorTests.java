package io.runctl.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.runctl.testing.ApiKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the servlet container itself rejects, before the application sees them, are
 * answered with a problem too, never with Jetty's HTML page. Sent over a raw socket,
 * since HTTP clients refuse to send such requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "runctl.upstream.base-url=http://127.0.0.1:1", "runctl.upstream.pat=unused",
		"runctl.lock-file=target/no-lock-file.yaml" })
class ContainerErrorTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "GET /runs/% HTTP/1.1", "GET /runs/a%2Fb HTTP/1.1", "GET /runs/%zz HTTP/1.1",
			"GET /../../etc/passwd HTTP/1.1", "GET /runs/x?user_id=%G HTTP/1.1" })
	void rejectedRequestShouldAnswerAProblemNotHtml(String requestLine) throws IOException {
		String response = send(requestLine + "\r\nHost: localhost\r\nX-Request-Id: raw-1\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 4");
		assertThat(response.toLowerCase()).contains("content-type: application/problem+json")
			.doesNotContain("<html")
			.doesNotContain("jetty");
		assertThat(response).contains("\"type\":\"/problems/").contains("\"request_id\":\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/runs/a%20b", "/runs/%C3%A9t%C3%A9/history", "/runs/a%2Fb", "/runs/a/../b" })
	void runIdTheFirewallRefusesShouldAnswerInvalidParameterNamingIt(String target) throws IOException {
		String response = send("GET " + target + "?user_id=u&app_id=a&pipeline_id=p&pipeline_version_id=v HTTP/1.1\r\n"
				+ "Host: localhost\r\n" + ApiKeys.HEADER + ": " + ApiKeys.ADMIN_AUTH + "\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400");
		assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
		assertThat(response).contains("\"type\":\"/problems/invalid-parameter\"").contains("\"parameter\":\"run_id\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/runs/x?user_id=%G", "/runs/x?app_id=%C3%28" })
	void undecodableQueryShouldAnswerInvalidParameterNamingTheQuery(String target) throws IOException {
		String response = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + ApiKeys.HEADER + ": "
				+ ApiKeys.ADMIN_AUTH + "\r\nConnection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 400")
			.contains("\"type\":\"/problems/invalid-parameter\"")
			.contains("\"parameter\":\"query\"");
	}

	private String send(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
