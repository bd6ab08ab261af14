package io.runctl.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.testing.SseStream;
import io.runctl.testing.SseStream.Event;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Late and resuming subscribers when the watcher's memory (20 events here) no longer
 * holds the start of the log: the forgotten lines come from the upstream, then the live
 * feed, with no gap and no line twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorCatchUpTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "10s");
		registry.add("runctl.upstream.rate-limit", () -> "200");
		registry.add("runctl.monitor.keep-alive", () -> "1s");
		registry.add("runctl.monitor.buffer-lines", () -> "20");
	}

	@LocalServerPort
	int port;

	String url(String runId) {
		return "http://localhost:" + this.port + "/runs/" + runId + "/monitor?" + Upstream.COORDINATES
				+ "&monitor_interval=1";
	}

	static List<String> entries(int from, int count) {
		return IntStream.range(from, from + count).mapToObj((i) -> "line " + i).toList();
	}

	static List<String> ids(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> i + ".0").toList();
	}

	static List<String> logIds(List<Event> events) {
		return events.stream().filter((event) -> event.is("log")).map(Event::id).toList();
	}

	@Test
	void lateAndResumingSubscribersShouldGetForgottenLinesFromTheUpstreamThenJoinLive() {
		String run = "mem1";
		upstream
			.stubFor(Upstream.getRun(run).willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 50));
		Upstream.logPageIs(upstream, run, 2, 50, entries(50, 20));
		Upstream.noMoreLogs(upstream, run);
		try (SseStream early = SseStream.open(url(run))) {
			assertThat(logIds(early.until((event) -> event.id().equals("69.0"), WAIT))).isEqualTo(ids(0, 70));
			int firstPageReads = pageReads(run, 1);
			try (SseStream late = SseStream.open(url(run));
					SseStream resumed = SseStream.open(url(run), Map.of("Last-Event-ID", "10.0"))) {
				assertThat(logIds(late.until((event) -> event.id().equals("69.0"), WAIT))).isEqualTo(ids(0, 70));
				assertThat(logIds(resumed.until((event) -> event.id().equals("69.0"), WAIT))).isEqualTo(ids(11, 70));
				assertThat(pageReads(run, 1)).isGreaterThan(firstPageReads);

				Upstream.logPageIs(upstream, run, 2, 50, entries(50, 25));
				upstream.stubFor(Upstream.getRun(run)
					.willReturn(Upstream.json(200, Upstream.getRunBody(run, 64002, "Completed"))));
				for (SseStream stream : List.of(early, late, resumed)) {
					assertThat(logIds(stream.until((event) -> event.is("end"), WAIT))).isEqualTo(ids(70, 75));
				}
			}
		}
	}

	int pageReads(String run, int page) {
		return upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.logsPath(run))).withQueryParam("page",
				equalTo(String.valueOf(page))))
			.size();
	}

}
