package io.runctl.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.resilience.UpstreamFaultTests.FaultKind;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SseStream;
import io.runctl.testing.SseStream.Event;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monitor streams survive a real 30-second outage of the upstream and then deliver every
 * line exactly once (issue 6): while the run's log grows across several pages upstream,
 * every call about the run fails for 30 s with a rotating mix of the fault suite's faults
 * (3 s each); three subscribers watch: one throughout, one that disconnects during the
 * outage and resumes with {@code Last-Event-ID} while it still lasts, and one that joins
 * in the middle of it. The watcher keeps only 100 lines, so the late ones read the start
 * of the log from the failing upstream. Takes about 45 s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorOutageTests {

	static final String RUN = "outage30";

	/** Entries of two lines each: 300 lines over 3 pages and a bit. */
	static final int ENTRIES = 170;

	static final Duration GROWTH_STEP = Duration.ofMillis(250);

	static final Duration OUTAGE = Duration.ofSeconds(30);

	static final Duration FAULT_STEP = Duration.ofSeconds(3);

	static final Duration WAIT = Duration.ofSeconds(90);

	static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static WireMockExtension upstream = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(60))
		.build();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "1s");
		registry.add("runctl.upstream.read-deadline", () -> "3s");
		registry.add("runctl.upstream.rate-limit", () -> "50");
		// The breaker as in production, but open for less than its default 30 s.
		registry.add("runctl.upstream.circuit-breaker.enabled", () -> "true");
		registry.add("runctl.upstream.circuit-breaker.open-duration", () -> "2s");
		registry.add("runctl.monitor.keep-alive", () -> "2s");
		registry.add("runctl.monitor.retry-min", () -> "200ms");
		registry.add("runctl.monitor.retry-max", () -> "2s");
		registry.add("runctl.monitor.buffer-lines", () -> "100");
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void streamsShouldSurviveAThirtySecondOutageAndThenDeliverEveryLineExactlyOnce() throws Exception {
		warmUp();
		upstream.stubFor(Upstream.getRun(RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(RUN, 64001, "Running")))
			.atPriority(5));
		Upstream.noMoreLogs(upstream, RUN);
		AtomicInteger written = new AtomicInteger();
		publish(written.addAndGet(5));
		ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
		try {
			clock.scheduleWithFixedDelay(() -> {
				if (written.get() < ENTRIES) {
					publish(written.incrementAndGet());
				}
			}, GROWTH_STEP.toMillis(), GROWTH_STEP.toMillis(), TimeUnit.MILLISECONDS);
			try (SseStream steady = open(Map.of()); SseStream leaving = open(Map.of())) {
				assertThat(steady.status()).as(() -> steady.body()).isEqualTo(200);
				assertThat(leaving.status()).as(() -> leaving.body()).isEqualTo(200);
				List<Event> steadyEvents = new ArrayList<>(steady.until((event) -> event.id().equals("4.1"), WAIT));
				List<Event> leavingEvents = new ArrayList<>(leaving.until((event) -> event.id().equals("4.1"), WAIT));

				long outageStart = System.nanoTime();
				Outage outage = new Outage();
				outage.next();
				clock.scheduleAtFixedRate(outage::next, FAULT_STEP.toMillis(), FAULT_STEP.toMillis(),
						TimeUnit.MILLISECONDS);

				sleepUntil(outageStart, Duration.ofSeconds(8));
				leaving.close();
				leavingEvents.addAll(leaving.until((event) -> event.is("eof"), WAIT));
				String cursor = lastLogId(leavingEvents);

				sleepUntil(outageStart, Duration.ofSeconds(12));
				try (SseStream joining = open(Map.of())) {
					assertThat(joining.status()).as("joins mid-outage: the watcher knows the run").isEqualTo(200);
					sleepUntil(outageStart, Duration.ofSeconds(16));
					try (SseStream resuming = open(Map.of("Last-Event-ID", cursor))) {
						assertThat(resuming.status()).as("resumes mid-outage").isEqualTo(200);

						sleepUntil(outageStart, OUTAGE);
						outage.end();
						assertThat(outage.faultsUsed()).as("every fault of the suite")
							.isEqualTo(FaultKind.values().length);
						await().atMost(WAIT).until(() -> written.get() >= ENTRIES);
						upstream.stubFor(Upstream.getRun(RUN)
							.willReturn(Upstream.json(200, Upstream.getRunBody(RUN, 64002, "Completed")))
							.atPriority(5));

						List<Event> steadyRest = everythingUntilEnd(steady);
						steadyEvents.addAll(steadyRest);
						List<Event> joiningEvents = everythingUntilEnd(joining);
						List<Event> resumingEvents = everythingUntilEnd(resuming);

						List<String> all = ids(ENTRIES);
						assertThat(logIds(steadyEvents)).as("the steady stream").containsExactlyElementsOf(all);
						assertThat(logIds(joiningEvents)).as("the stream that joined mid-outage")
							.containsExactlyElementsOf(all);
						List<String> resumed = new ArrayList<>(logIds(leavingEvents));
						resumed.addAll(logIds(resumingEvents));
						assertThat(resumed).as("the stream that left and resumed mid-outage")
							.containsExactlyElementsOf(all);

						assertThat(steadyRest).as("notices and keep-alives kept the steady stream alive")
							.anySatisfy((event) -> assertThat(notice(event)).isEqualTo("upstream-retry"))
							.anySatisfy((event) -> assertThat(event).isEqualTo(new Event(":", "", "keep-alive")));
						assertThat(resumingEvents.get(0)).isEqualTo(new Event("retry", "", "3000"));
						assertThat(resumingEvents.get(1).event()).isEqualTo("status");
						for (List<Event> events : List.of(steadyEvents, joiningEvents, resumingEvents)) {
							assertThat(events).noneMatch((event) -> event.is("eof"));
							assertThat(events.get(events.size() - 1).data()).contains("\"reason\":\"terminal\"",
									"\"state\":\"COMPLETED\"");
						}
					}
				}
			}
		}
		finally {
			clock.shutdownNow();
		}
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.meters.get("runctl.monitor.subscribers").gauge().value()).isZero();
			assertThat(this.meters.get("runctl.monitor.watchers").gauge().value()).isZero();
		});
	}

	/**
	 * The first calls of a fresh JVM on a busy machine may miss the short deadlines: a
	 * finished run's stream until it works.
	 */
	void warmUp() {
		String run = "outagewarmup";
		upstream.stubFor(Upstream.getRun(run)
			.willReturn(Upstream.json(200, Upstream.getRunBody(run, 64002, "Completed")))
			.atPriority(5));
		Upstream.noMoreLogs(upstream, run);
		await().atMost(WAIT).untilAsserted(() -> {
			try (SseStream stream = SseStream.open(
					"http://127.0.0.1:" + this.port + "/runs/" + run + "/monitor?" + Upstream.COORDINATES,
					Map.of(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))) {
				assertThat(stream.status()).isEqualTo(200);
				stream.until((event) -> event.is("end"), WAIT);
			}
		});
	}

	/**
	 * Every call about the run fails, with the next fault of the suite every
	 * {@link #FAULT_STEP}.
	 */
	final class Outage {

		private final List<FaultKind> order = List.of(FaultKind.HTTP_503, FaultKind.CONNECTION_RESET,
				FaultKind.DELAY_PAST_DEADLINE, FaultKind.HTTP_500, FaultKind.EMPTY_RESPONSE, FaultKind.THROTTLED_429,
				FaultKind.MALFORMED_CHUNK, FaultKind.SLOW_DRIP, FaultKind.RANDOM_DATA_THEN_CLOSE, FaultKind.HTTP_502);

		private int used;

		private boolean ended;

		private StubMapping current;

		synchronized void next() {
			if (this.ended) {
				return;
			}
			FaultKind fault = this.order.get(this.used % this.order.size());
			this.used++;
			StubMapping previous = this.current;
			this.current = upstream.stubFor(WireMock.get(urlPathMatching(Pattern.quote(Upstream.runPath(RUN)) + ".*"))
				.willReturn(fault.response())
				.atPriority(1));
			if (previous != null) {
				upstream.removeStub(previous);
			}
		}

		synchronized void end() {
			this.ended = true;
			upstream.removeStub(this.current);
		}

		synchronized int faultsUsed() {
			return Math.min(this.used, this.order.size());
		}

	}

	/** Publishes the log's first {@code count} entries (only the last page changes). */
	static void publish(int count) {
		int page = (count - 1) / 50 + 1;
		int first = (page - 1) * 50;
		Upstream.logPageIs(upstream, RUN, page, first,
				IntStream.range(first, count).mapToObj((i) -> "entry " + i + " a\nentry " + i + " b").toList());
	}

	SseStream open(Map<String, String> headers) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH);
		return SseStream.open("http://127.0.0.1:" + this.port + "/runs/" + RUN + "/monitor?monitor_interval=1&"
				+ Upstream.COORDINATES, all);
	}

	/** Every event, comments included, up to and including {@code end}. */
	static List<Event> everythingUntilEnd(SseStream stream) {
		List<Event> events = new ArrayList<>();
		Event event;
		do {
			event = stream.next(WAIT);
			events.add(event);
			List<Event> seen = events;
			assertThat(event.event())
				.as(() -> "the stream ended before its end event; its last events: "
						+ seen.subList(Math.max(0, seen.size() - 8), seen.size()))
				.isNotEqualTo("eof");
		}
		while (!event.is("end"));
		return events;
	}

	static String notice(Event event) {
		return event.is("notice") ? json.readTree(event.data()).path("kind").asString() : "";
	}

	static List<String> logIds(List<Event> events) {
		return events.stream().filter((event) -> event.is("log")).map(Event::id).toList();
	}

	static String lastLogId(List<Event> events) {
		List<String> ids = logIds(events);
		return ids.get(ids.size() - 1);
	}

	static List<String> ids(int entries) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < entries; i++) {
			ids.add(i + ".0");
			ids.add(i + ".1");
		}
		return ids;
	}

	/**
	 * Waits until this long after {@code start}; a test's own pacing, not an assertion.
	 */
	static void sleepUntil(long start, Duration after) throws InterruptedException {
		long left = start + after.toNanos() - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

}
