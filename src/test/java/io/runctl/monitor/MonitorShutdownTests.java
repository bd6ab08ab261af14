package io.runctl.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.RunctlApplication;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SseStream;
import io.runctl.testing.SseStream.Event;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the service with monitor streams open: each gets a {@code shutdown} notice and
 * is closed (its client reconnects elsewhere with its cursor), new streams are refused
 * with a 503 problem, and the streams do not hold the graceful shutdown up. Each test
 * starts a service of its own, over real HTTP, and stops it.
 */
class MonitorShutdownTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final WireMockExtension upstream = Upstream.wireMock();

	@Test
	void openStreamsShouldGetAShutdownNoticeAndCloseWithoutHoldingTheShutdownUp() {
		String run = "shutdown1";
		upstream
			.stubFor(Upstream.getRun(run).willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
		Upstream.logPageIs(upstream, run, 1, 0, List.of("first line", "second line"));
		ConfigurableApplicationContext service = start();
		String url = base(service) + "/runs/" + run + "/monitor?" + Upstream.COORDINATES + "&monitor_interval=1";
		try (SseStream one = SseStream.open(url); SseStream two = SseStream.open(url)) {
			for (SseStream stream : List.of(one, two)) {
				assertThat(stream.until((event) -> event.is("log") && event.data().contains("second line"), WAIT))
					.isNotEmpty();
			}

			long stopping = System.nanoTime();
			service.close();
			Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

			for (SseStream stream : List.of(one, two)) {
				List<Event> rest = stream.until((event) -> event.is("eof"), WAIT);
				assertThat(rest).filteredOn((event) -> event.is("notice"))
					.singleElement()
					.satisfies((notice) -> assertThat(notice.data()).contains("\"kind\":\"shutdown\"")
						.contains("Last-Event-ID"));
				assertThat(rest).noneMatch((event) -> event.is("end"));
				assertThat(rest.get(rest.size() - 2).is("notice")).as("the notice is the last event").isTrue();
			}
			// Jetty's graceful shutdown would wait up to 30 s for streams still open.
			assertThat(stopped).isLessThan(Watchers.SHUTDOWN_GRACE.plusSeconds(5));
		}
		finally {
			service.close();
		}
	}

	@Test
	void aStreamOpenedWhileStoppingShouldBeRefusedWithAProblem() throws Exception {
		ConfigurableApplicationContext service = start();
		try {
			service.getBean(Watchers.class).stop();
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create(
							base(service) + "/runs/shutdown2/monitor?" + Upstream.COORDINATES + "&monitor_interval=1"))
					.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)
					.header("Accept", "text/event-stream")
					.timeout(WAIT)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(refused.body()).contains("/problems/service-unavailable");
			assertThat(Upstream.requestCount(upstream)).isZero();
		}
		finally {
			service.close();
		}
	}

	private static String base(ConfigurableApplicationContext service) {
		return "http://127.0.0.1:" + service.getEnvironment().getRequiredProperty("local.server.port");
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplication(RunctlApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
				"--runctl.lock-file=target/no-lock-file.yaml", "--runctl.upstream.base-url=" + upstream.baseUrl(),
				"--runctl.upstream.pat=" + Upstream.PAT);
	}

}
