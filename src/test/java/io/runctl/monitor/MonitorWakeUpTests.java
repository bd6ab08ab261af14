package io.runctl.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a stream is written to. {@code runctl.monitor.keep-alive} is the longest silence
 * on a stream (API.md section 5): a stream that events keep busy gets no keep-alive
 * comments, one that falls silent gets one within the setting. Lines the watcher holds
 * back are sent soon, whatever else happens (the keep-alive here is long enough not to
 * wake the streams in between).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorWakeUpTests {

	static final Duration KEEP_ALIVE = Duration.ofSeconds(4);

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.rate-limit", () -> "200");
		registry.add("runctl.monitor.keep-alive", () -> KEEP_ALIVE.toSeconds() + "s");
	}

	@LocalServerPort
	int port;

	@Test
	void keepAliveShouldComeOnlyAfterASilence() throws Exception {
		String run = "busy1";
		upstream
			.stubFor(Upstream.getRun(run).willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
		Upstream.noMoreLogs(upstream, run);
		AtomicInteger entries = new AtomicInteger();
		ScheduledExecutorService logWriter = Executors.newSingleThreadScheduledExecutor();
		// The log grows by an entry every 400 ms: every 1-second poll brings a line.
		logWriter.scheduleAtFixedRate(
				() -> Upstream.logPageIs(upstream, run, 1, 0,
						IntStream.range(0, entries.incrementAndGet()).mapToObj((i) -> "line " + i).toList()),
				0, 400, TimeUnit.MILLISECONDS);
		String url = "http://localhost:" + this.port + "/runs/" + run + "/monitor?" + Upstream.COORDINATES
				+ "&monitor_interval=1&timeout=60";
		try (SseStream stream = SseStream.open(url)) {
			List<Event> busy = eventsFor(stream, KEEP_ALIVE.multipliedBy(2));
			logWriter.shutdownNow();
			assertThat(busy).filteredOn((event) -> event.is("log")).hasSizeGreaterThanOrEqualTo(8);
			assertThat(busy).noneMatch((event) -> event.is(":"));

			long quietFrom = System.nanoTime();
			Event event;
			do {
				event = stream.next(KEEP_ALIVE.multipliedBy(3));
			}
			while (event.is("log"));
			assertThat(event).isEqualTo(new Event(":", "", "keep-alive"));
			assertThat(Duration.ofNanos(System.nanoTime() - quietFrom)).isLessThan(KEEP_ALIVE.plusSeconds(2));
		}
		finally {
			logWriter.shutdownNow();
		}
	}

	@Test
	void linesOfAFullPageShouldNotWaitForASlowNextPage() {
		String run = "rollover1";
		upstream
			.stubFor(Upstream.getRun(run).willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
		Upstream.logPageIs(upstream, run, 1, 0, MonitorStreamTests.entries(0, 50));
		upstream.stubFor(get(urlPathEqualTo(Upstream.logsPath(run))).withQueryParam("page", equalTo("2"))
			.withQueryParam("per_page", equalTo("50"))
			.willReturn(Upstream.json(200, Upstream.logsBody(run, 2, 50, MonitorStreamTests.entries(50, 1)))
				.withFixedDelay(6000)));
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open("http://localhost:" + this.port + "/runs/" + run + "/monitor?"
				+ Upstream.COORDINATES + "&monitor_interval=1")) {
			stream.until((event) -> event.is("status"), Duration.ofSeconds(30));
			// The watcher holds a full page's lines back for the next page only briefly.
			assertThat(
					MonitorStreamTests.logs(stream.until((event) -> event.id().equals("49.1"), Duration.ofSeconds(2))))
				.hasSize(100);
			assertThat(
					MonitorStreamTests.logs(stream.until((event) -> event.id().equals("50.1"), Duration.ofSeconds(30))))
				.extracting(Event::id)
				.containsExactly("50.0", "50.1");
		}
	}

	/** Every event the stream sends within the given time. */
	static List<Event> eventsFor(SseStream stream, Duration time) {
		List<Event> events = new ArrayList<>();
		long until = System.nanoTime() + time.toNanos();
		long left;
		while ((left = until - System.nanoTime()) > 0) {
			Event event = stream.poll(Duration.ofNanos(left));
			if (event != null) {
				events.add(event);
			}
		}
		return events;
	}

}
