package io.runctl.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.RunctlApplication;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code Idempotency-Key} keeps its promise across a restart: the service stops after
 * the first answer, a new one starts on the same database (the default H2 file), and the
 * retry is answered from what the first one kept, over real HTTP, without a second
 * upstream change.
 */
class IdempotencyPersistenceTests {

	@RegisterExtension
	static final WireMockExtension upstream = Upstream.wireMock();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path data;

	@Test
	void aRetryAfterARestartShouldGetTheFirstAnswerWithoutActingAgain() throws Exception {
		String url = "jdbc:h2:file:" + this.data.resolve("runctl").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		HttpResponse<String> first;
		try (ConfigurableApplicationContext service = start(url)) {
			first = pause(service, "restart-key-1");
		}
		Upstream.runIs(upstream, 64008, "Paused");
		HttpResponse<String> retried;
		HttpResponse<String> otherAction;
		try (ConfigurableApplicationContext service = start(url)) {
			retried = pause(service, "restart-key-1");
			otherAction = send(service, "cancel", "restart-key-1");
		}

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"changed\":true");
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(retried.body()).isEqualTo(first.body());
		assertThat(retried.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(otherAction.statusCode()).isEqualTo(422);
		assertThat(otherAction.body()).contains("/problems/idempotency-key-reused");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	private HttpResponse<String> pause(ConfigurableApplicationContext service, String key) throws Exception {
		return send(service, "pause", key);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext service, String action, String key)
			throws Exception {
		String port = service.getEnvironment().getRequiredProperty("local.server.port");
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(
					"http://127.0.0.1:" + port + "/runs/" + Upstream.RUN + "/" + action + "?" + Upstream.COORDINATES))
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.header("Idempotency-Key", key)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start(String url) {
		// Command-line arguments: they win over the test classpath's in-memory database.
		return new SpringApplication(RunctlApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
				"--spring.datasource.url=" + url, "--runctl.lock-file=target/no-lock-file.yaml",
				"--runctl.upstream.base-url=" + upstream.baseUrl(), "--runctl.upstream.pat=" + Upstream.PAT);
	}

}
