package io.runctl.monitor;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SseStream;
import io.runctl.testing.SseStream.Event;
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
 * A client that stops reading is closed as too slow, and never holds up a client that
 * reads.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorSlowSubscriberTests {

	static final Duration WAIT = Duration.ofSeconds(60);

	static final int PAGES = 40;

	static final int LINES_PER_ENTRY = 20;

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "10s");
		registry.add("runctl.upstream.rate-limit", () -> "200");
		registry.add("runctl.monitor.subscriber-queue", () -> "8000");
		registry.add("runctl.monitor.buffer-lines", () -> "60000");
	}

	@LocalServerPort
	int port;

	@Autowired
	Watchers watchers;

	@Autowired
	MeterRegistry meters;

	static List<String> entries(int from, int count) {
		String filler = "x".repeat(500);
		return IntStream.range(from, from + count)
			.mapToObj((i) -> String.join("\n",
					IntStream.range(0, LINES_PER_ENTRY).mapToObj((line) -> i + "/" + line + " " + filler).toList()))
			.toList();
	}

	@Test
	void slowSubscriberShouldBeDroppedWithoutDelayingAFastOne() throws Exception {
		String run = "slow1";
		upstream
			.stubFor(Upstream.getRun(run).willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running"))));
		Upstream.noMoreLogs(upstream, run);
		String path = "/runs/" + run + "/monitor?" + Upstream.COORDINATES + "&monitor_interval=1";
		try (SseStream fast = SseStream.open("http://localhost:" + this.port + path); Socket slow = new Socket()) {
			slow.setReceiveBufferSize(2048);
			slow.connect(new InetSocketAddress("localhost", this.port), 10_000);
			OutputStream request = slow.getOutputStream();
			request.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
					+ ApiKeys.HEADER + ": " + ApiKeys.VIEWER_AUTH + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			request.flush();
			fast.until((event) -> event.is("status"), WAIT);
			await().atMost(WAIT).until(() -> this.watchers.subscriberCount() == 2);

			// The log grows two pages (2000 lines, about 1 MB) at a time, each time once
			// the
			// fast client has read the last: the slow one never reads at all.
			List<Event> events = new ArrayList<>();
			for (int page = 1; page <= PAGES; page += 2) {
				Upstream.logPageIs(upstream, run, page, (page - 1) * 50, entries((page - 1) * 50, 50));
				Upstream.logPageIs(upstream, run, page + 1, page * 50, entries(page * 50, 50));
				String lastId = ((page + 1) * 50 - 1) + "." + (LINES_PER_ENTRY - 1);
				events.addAll(fast.until((event) -> event.id().equals(lastId), WAIT));
			}
			int last = PAGES * 50 - 1;
			List<String> expected = new ArrayList<>();
			for (int entry = 0; entry <= last; entry++) {
				for (int line = 0; line < LINES_PER_ENTRY; line++) {
					expected.add(entry + "." + line);
				}
			}
			assertThat(events.stream().filter((event) -> event.is("log")).map(Event::id).toList()).isEqualTo(expected);
			await().atMost(WAIT)
				.until(() -> this.meters.counter("runctl.monitor.subscribers.dropped", "reason", "slow").count() >= 1);
			await().atMost(WAIT).until(() -> this.watchers.subscriberCount() == 1);
		}
	}

}
