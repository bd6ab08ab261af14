package io.runctl.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SseStream;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upstream rate budget (2 requests per second here) with many watched runs: never
 * exceeded, polls stretch their interval and say so, control calls go first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorBudgetTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static final int RUNS = 12;

	static final double RATE = 2;

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "10s");
		registry.add("runctl.upstream.rate-limit", () -> String.valueOf(RATE));
		registry.add("runctl.monitor.keep-alive", () -> "1s");
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void manyWatchedRunsShouldStayWithinTheBudgetStretchTheIntervalAndLetControlCallsFirst() throws Exception {
		List<SseStream> streams = new ArrayList<>();
		try {
			for (int i = 0; i < RUNS; i++) {
				String run = "budget" + i;
				upstream.stubFor(Upstream.getRun(run)
					.willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
				Upstream.noMoreLogs(upstream, run);
			}
			upstream.stubFor(Upstream.patchRuns()
				.willReturn(Upstream.json(200, Upstream.patchBody("budget0", 64008, "Paused"))));
			for (int i = 0; i < RUNS; i++) {
				streams.add(SseStream.open(url("budget" + i, "/monitor") + "&monitor_interval=1"));
			}
			streams.get(0).until((event) -> event.is("notice") && event.data().contains("interval-stretched"), WAIT);
			await().atMost(WAIT).until(() -> waitingPolls() >= 4);

			double waiting = waitingPolls();
			long started = System.nanoTime();
			HttpResponse<String> pause = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url("budget0", "/pause")))
					.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
			// Behind the waiting polls it would take at least waiting / RATE seconds
			// more.
			assertThat(took.toMillis()).isLessThan((long) ((waiting / RATE) * 1000) + 1000);
		}
		finally {
			streams.forEach(SseStream::close);
		}
		List<Long> times = upstream.getAllServeEvents()
			.stream()
			.map(ServeEvent::getRequest)
			.map((request) -> request.getLoggedDate().getTime())
			.sorted()
			.toList();
		assertThat(times.size()).isGreaterThan(10);
		for (int i = 0; i < times.size(); i++) {
			long from = times.get(i);
			long inWindow = times.stream().filter((t) -> t >= from && t < from + 2000).count();
			// Two seconds hold at most 2 x RATE tokens plus the bucket's one; one more
			// for
			// arrival jitter.
			assertThat(inWindow).isLessThanOrEqualTo((long) (2 * RATE) + 2);
		}
	}

	double waitingPolls() {
		return this.meters.get("runctl.upstream.budget.waiting").tag("priority", "poll").gauge().value();
	}

	String url(String run, String action) {
		return "http://localhost:" + this.port + "/runs/" + run + action + "?" + Upstream.COORDINATES;
	}

}
