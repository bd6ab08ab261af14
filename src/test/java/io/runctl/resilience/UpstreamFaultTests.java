package io.runctl.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Leaks;
import io.runctl.testing.SseStream;
import io.runctl.testing.SseStream.Event;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every upstream call behind every endpoint, under every fault: the answer is the
 * documented problem within the endpoint's deadline plus one second, and after the whole
 * suite no thread, socket or pooled connection is left behind. Real HTTP on a random
 * port; the circuit breaker is off here so that each case sees its own fault (it has its
 * own tests).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamFaultTests {

	static final Duration TIMEOUT = Duration.ofMillis(1500);

	static final Duration READ_DEADLINE = Duration.ofSeconds(3);

	/** Longer than any deadline: a stub this slow must be cut off. */
	static final int SLOW_MILLIS = 8000;

	/** How long a monitor case waits for an event: generous, the machine is shared. */
	static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> TIMEOUT.toMillis() + "ms");
		registry.add("runctl.upstream.read-deadline", () -> READ_DEADLINE.toMillis() + "ms");
		registry.add("runctl.upstream.retry.min-backoff", () -> "50ms");
		registry.add("runctl.upstream.retry.max-backoff", () -> "400ms");
		registry.add("runctl.upstream.circuit-breaker.enabled", () -> "false");
		registry.add("runctl.monitor.retry-min", () -> "100ms");
		registry.add("runctl.monitor.retry-max", () -> "500ms");
		// Small, so that a late subscriber must read the start of a log from the
		// upstream.
		registry.add("runctl.monitor.buffer-lines", () -> "50");
	}

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final JsonMapper json = JsonMapper.builder().build();

	static Leaks before;

	/** A fresh run per monitor case, so that no watcher of an earlier case is shared. */
	static final AtomicInteger monitorRuns = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	@Order(0)
	void warmUpAndTakeTheBaseline() throws Exception {
		for (Endpoint endpoint : Endpoint.values()) {
			healthy(endpoint, null);
			// The first calls of a fresh JVM on a busy machine may miss the short test
			// deadlines.
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(send(endpoint).statusCode()).as(endpoint.name()).isEqualTo(200));
		}
		// The monitor's threads (scheduler, writers) start with its first stream.
		String run = "monwarmup";
		healthyMonitoredRun(run, 64002, 2);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			try (SseStream stream = SseStream.open(monitorUrl(run), Map.of(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))) {
				assertThat(stream.status()).isEqualTo(200);
				assertThat(logIds(stream.until((event) -> event.is("end"), WAIT))).containsExactlyElementsOf(ids(2));
			}
		});
		assertThat(Leaks.poolMetricsPresent()).as("upstream pool metrics").isTrue();
		before = Leaks.now();
	}

	@ParameterizedTest(name = "{0} with {1} on {2}")
	@MethodSource("cases")
	@Order(1)
	void faultShouldAnswerTheDocumentedProblemInTime(Endpoint endpoint, FaultKind fault, Call call) throws Exception {
		upstream.resetAll();
		healthy(endpoint, call);
		upstream.stubFor(call.stub().willReturn(fault.response()).atPriority(1));

		long started = System.nanoTime();
		HttpResponse<String> answer = send(endpoint);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		Expected expected = fault.expected();
		assertThat(answer.statusCode()).as("status, body " + answer.body()).isEqualTo(expected.status());
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode body = json.readTree(answer.body());
		assertThat(body.path("type").asString()).isEqualTo("/problems/" + expected.slug());
		assertThat(body.path("request_id").asString()).isNotBlank();
		if (expected.status() == 503 || expected.status() == 429) {
			assertThat(answer.headers().firstValue("Retry-After")).isPresent();
		}
		assertThat(took).as("answered within the deadline plus one second")
			.isLessThanOrEqualTo(endpoint.deadline(call).plusSeconds(1));
	}

	/**
	 * The monitor's first look at the run fails: nothing of the stream was sent, so the
	 * answer is the documented problem, within the read deadline plus one second.
	 */
	@ParameterizedTest(name = "monitor, first read of the run, with {0}")
	@EnumSource(FaultKind.class)
	@Order(1)
	void monitorWhoseFirstReadFailsShouldAnswerTheDocumentedProblemInTime(FaultKind fault) {
		String run = "monfirst" + monitorRuns.incrementAndGet();
		upstream.resetAll();
		healthyMonitoredRun(run, 64001, 2);
		upstream.stubFor(MonitorCall.GET_RUN.stub(run).willReturn(fault.response()).atPriority(1));

		long started = System.nanoTime();
		try (SseStream stream = SseStream.open(monitorUrl(run), Map.of(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))) {
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			Expected expected = fault.expected();
			assertThat(stream.status()).as("status, body " + stream.body()).isEqualTo(expected.status());
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode body = json.readTree(stream.body());
			assertThat(body.path("type").asString()).isEqualTo("/problems/" + expected.slug());
			assertThat(body.path("request_id").asString()).isNotBlank();
			if (expected.status() == 503 || expected.status() == 429) {
				assertThat(stream.headers().firstValue("Retry-After")).isPresent();
			}
			assertThat(took).as("answered within the read deadline plus one second")
				.isLessThanOrEqualTo(READ_DEADLINE.plusSeconds(1));
		}
	}

	/**
	 * An upstream call behind an open monitor stream fails: the stream gets an
	 * {@code upstream-retry} notice and stays open; once the upstream answers again it
	 * delivers the lines written meanwhile, every line exactly once and in order, then
	 * {@code end} after the run's end.
	 */
	@ParameterizedTest(name = "monitor, {1} during the stream, with {0}")
	@MethodSource("monitorCases")
	@Order(1)
	void monitorStreamShouldNoticeTheFaultStayOpenAndRecoverWithNothingLost(FaultKind fault, MonitorCall call) {
		String run = "monstream" + monitorRuns.incrementAndGet();
		upstream.resetAll();
		healthyMonitoredRun(run, 64001, 2);
		try (SseStream stream = SseStream.open(monitorUrl(run), Map.of(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))) {
			assertThat(stream.status()).as(() -> stream.body()).isEqualTo(200);
			List<Event> seen = new ArrayList<>(stream.until((event) -> event.id().equals("1.1"), WAIT));

			StubMapping failing = upstream.stubFor(call.stub(run).willReturn(fault.response()).atPriority(1));
			// The log grows while the upstream fails.
			Upstream.logPageIs(upstream, run, 1, 0, messages(4));
			List<Event> during = stream.until(MonitorCall::isRetryNotice, WAIT);
			seen.addAll(during);
			assertThat(during.get(during.size() - 1).data()).contains(fault.failure());

			upstream.removeStub(failing);
			seen.addAll(stream.until((event) -> event.id().equals("3.1"), WAIT));
			healthyMonitoredRun(run, 64002, 5);
			List<Event> rest = stream.until((event) -> event.is("end"), WAIT);
			seen.addAll(rest);
			assertThat(rest.get(rest.size() - 1).data()).contains("\"reason\":\"terminal\"");
			assertThat(logIds(seen)).containsExactlyElementsOf(ids(5));
			assertThat(stream.next(WAIT).event()).isEqualTo("eof");
		}
	}

	/**
	 * A subscriber that joins late reads the lines its watcher no longer holds from the
	 * upstream itself; when that read fails it gets an {@code upstream-retry} notice, and
	 * once the upstream answers again the whole log, every line exactly once and in
	 * order.
	 */
	@ParameterizedTest(name = "monitor, late subscriber reading back the log, with {0}")
	@EnumSource(FaultKind.class)
	@Order(1)
	void lateSubscriberReadingBackTheLogShouldNoticeTheFaultAndRecoverWithNothingLost(FaultKind fault) {
		String run = "moncatchup" + monitorRuns.incrementAndGet();
		upstream.resetAll();
		healthyMonitoredRun(run, 64001, 40);
		Map<String, String> viewer = Map.of(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH);
		try (SseStream early = SseStream.open(monitorUrl(run), viewer)) {
			assertThat(early.status()).as(() -> early.body()).isEqualTo(200);
			List<Event> earlyEvents = new ArrayList<>(early.until((event) -> event.id().equals("39.1"), WAIT));
			// The watcher holds the last 50 lines only: entries 0 to 14 are read back.
			StubMapping failing = upstream
				.stubFor(MonitorCall.LIST_LOGS.stub(run).willReturn(fault.response()).atPriority(1));
			try (SseStream late = SseStream.open(monitorUrl(run), viewer)) {
				assertThat(late.status()).as(() -> late.body()).isEqualTo(200);
				List<Event> lateEvents = new ArrayList<>(late.until(MonitorCall::isRetryNotice, WAIT));
				assertThat(logIds(lateEvents)).isEmpty();
				Upstream.logPageIs(upstream, run, 1, 0, messages(42));
				upstream.removeStub(failing);
				lateEvents.addAll(late.until((event) -> event.id().equals("41.1"), WAIT));
				healthyMonitoredRun(run, 64002, 42);
				lateEvents.addAll(late.until((event) -> event.is("end"), WAIT));
				earlyEvents.addAll(early.until((event) -> event.is("end"), WAIT));
				assertThat(logIds(lateEvents)).containsExactlyElementsOf(ids(42));
				assertThat(logIds(earlyEvents)).containsExactlyElementsOf(ids(42));
			}
		}
	}

	@Test
	@Order(2)
	void nothingShouldBeLeftBehind() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			// The test's own SSE clients (one JDK HttpClient each, as an EventSource has
			// one connection) keep a selector thread until they are collected.
			System.gc();
			Leaks after = Leaks.now();
			assertThat(this.meters.get("runctl.monitor.subscribers").gauge().value()).as("open monitor streams")
				.isZero();
			assertThat(this.meters.get("runctl.monitor.watchers").gauge().value()).as("monitor watchers").isZero();
			assertThat(after.activeUpstreamConnections()).as("active upstream connections").isZero();
			assertThat(after.threads())
				.as(() -> "live threads, before: " + before.threads() + ", now: " + threadNames())
				.isLessThanOrEqualTo(before.threads() + 8);
			if (before.openFiles() >= 0) {
				assertThat(after.openFiles()).as("open file descriptors, before: " + before.openFiles())
					.isLessThanOrEqualTo(before.openFiles() + 16);
			}
		});
	}

	static Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (Endpoint endpoint : Endpoint.values()) {
			for (Call call : endpoint.calls()) {
				for (FaultKind fault : FaultKind.values()) {
					cases.add(Arguments.of(endpoint, fault, call));
				}
			}
		}
		return cases.stream();
	}

	/** Live threads by name, numbers left out, for a failure message. */
	private static Map<String, Long> threadNames() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.collect(Collectors.groupingBy((thread) -> thread.getName().replaceAll("\\d+", "#"), TreeMap::new,
					Collectors.counting()));
	}

	static Stream<Arguments> monitorCases() {
		List<Arguments> cases = new ArrayList<>();
		for (MonitorCall call : MonitorCall.values()) {
			for (FaultKind fault : FaultKind.values()) {
				cases.add(Arguments.of(fault, call));
			}
		}
		return cases.stream();
	}

	private String monitorUrl(String run) {
		return "http://127.0.0.1:" + this.port + "/runs/" + run + "/monitor?monitor_interval=1&" + Upstream.COORDINATES;
	}

	/**
	 * A run in the given state whose log has {@code entries} entries of two lines each.
	 */
	private static void healthyMonitoredRun(String run, int state, int entries) {
		upstream.stubFor(MonitorCall.GET_RUN.stub(run)
			.willReturn(Upstream.json(200, Upstream.getRunBody(run, state, "State")))
			.atPriority(5));
		Upstream.logPageIs(upstream, run, 1, 0, messages(entries));
		Upstream.noMoreLogs(upstream, run);
	}

	private static List<String> messages(int entries) {
		return IntStream.range(0, entries).mapToObj((i) -> "line " + i + " a\nline " + i + " b").toList();
	}

	/** The cursors of a log of two-line entries. */
	private static List<String> ids(int entries) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < entries; i++) {
			ids.add(i + ".0");
			ids.add(i + ".1");
		}
		return ids;
	}

	private static List<String> logIds(List<Event> events) {
		return events.stream().filter((event) -> event.is("log")).map(Event::id).toList();
	}

	private HttpResponse<String> send(Endpoint endpoint) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + this.port + endpoint.path());
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH);
		request = endpoint.post() ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Stubs every call the endpoint makes as healthy, except none for the faulted one.
	 */
	private static void healthy(Endpoint endpoint, Call faulted) {
		upstream.resetAll();
		int state = (endpoint == Endpoint.RESUME) ? 64008 : 64001;
		upstream.stubFor(Call.GET_RUN.stub()
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, state, "State")))
			.atPriority(5));
		upstream.stubFor(Call.LIST_RUNS.stub()
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64001, "Running")))
			.atPriority(5));
		upstream.stubFor(Call.LIST_STATUS_LOGS.stub()
			.willReturn(
					Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":[]}"))
			.atPriority(5));
		int target = switch (endpoint) {
			case PAUSE -> 64008;
			case RESUME -> 64001;
			default -> 64004;
		};
		upstream.stubFor(Call.PATCH_RUNS.stub()
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, target, "Changed")))
			.atPriority(5));
	}

	/** The API's endpoints and the upstream calls behind each. */
	enum Endpoint {

		GET_RUN("/runs/" + Upstream.RUN, false, List.of(Call.GET_RUN)), LIST("/runs", false, List.of(Call.LIST_RUNS)),
		HISTORY("/runs/" + Upstream.RUN + "/history", false, List.of(Call.LIST_STATUS_LOGS)),
		PAUSE("/runs/" + Upstream.RUN + "/pause", true, List.of(Call.GET_RUN, Call.PATCH_RUNS)),
		RESUME("/runs/" + Upstream.RUN + "/resume", true, List.of(Call.GET_RUN, Call.PATCH_RUNS)),
		CANCEL("/runs/" + Upstream.RUN + "/cancel", true, List.of(Call.GET_RUN, Call.PATCH_RUNS));

		private final String path;

		private final boolean post;

		private final List<Call> calls;

		Endpoint(String path, boolean post, List<Call> calls) {
			this.path = path;
			this.post = post;
			this.calls = calls;
		}

		String path() {
			return this.path + "?" + Upstream.COORDINATES;
		}

		boolean post() {
			return this.post;
		}

		List<Call> calls() {
			return this.calls;
		}

		/**
		 * The documented deadline: a read's is the read deadline; a control call's is the
		 * read, the change's own timeout, and the re-read after an unknown outcome.
		 */
		Duration deadline(Call faulted) {
			if (!this.post || faulted == Call.GET_RUN) {
				return READ_DEADLINE;
			}
			return READ_DEADLINE.plus(TIMEOUT).plus(READ_DEADLINE);
		}

	}

	/** One upstream call, as WireMock matches it. */
	enum Call {

		GET_RUN, LIST_RUNS, LIST_STATUS_LOGS, PATCH_RUNS;

		MappingBuilder stub() {
			return switch (this) {
				case GET_RUN -> WireMock.get(urlPathEqualTo(Upstream.runPath(Upstream.RUN)));
				case LIST_RUNS -> WireMock.get(urlPathEqualTo(Upstream.runsPath()));
				case LIST_STATUS_LOGS -> WireMock.get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN)));
				case PATCH_RUNS -> WireMock.patch(urlPathEqualTo(Upstream.runsPath()));
			};
		}

	}

	/** The upstream calls behind an open monitor stream. */
	enum MonitorCall {

		GET_RUN, LIST_LOGS;

		MappingBuilder stub(String run) {
			return switch (this) {
				case GET_RUN -> WireMock.get(urlPathEqualTo(Upstream.runPath(run)));
				case LIST_LOGS -> WireMock.get(urlPathEqualTo(Upstream.logsPath(run)));
			};
		}

		static boolean isRetryNotice(Event event) {
			return event.is("notice") && json.readTree(event.data()).path("kind").asString().equals("upstream-retry");
		}

	}

	record Expected(int status, String slug) {
	}

	enum FaultKind {

		CONNECTION_RESET, EMPTY_RESPONSE, MALFORMED_CHUNK, RANDOM_DATA_THEN_CLOSE, SLOW_DRIP, DELAY_PAST_DEADLINE,
		THROTTLED_429, HTTP_500, HTTP_502, HTTP_503;

		ResponseDefinitionBuilder response() {
			return switch (this) {
				case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
				case EMPTY_RESPONSE -> aResponse().withFault(Fault.EMPTY_RESPONSE);
				case MALFORMED_CHUNK -> aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK);
				case RANDOM_DATA_THEN_CLOSE -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE);
				case SLOW_DRIP -> Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))
					.withChunkedDribbleDelay(40, SLOW_MILLIS);
				case DELAY_PAST_DEADLINE ->
					Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(SLOW_MILLIS);
				case THROTTLED_429 ->
					Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit of 15"))
						.withHeader("Retry-After", "1");
				case HTTP_500 -> aResponse().withStatus(500);
				case HTTP_502 -> aResponse().withStatus(502).withBody("<html>Bad Gateway</html>");
				case HTTP_503 -> aResponse().withStatus(503);
			};
		}

		/** How an {@code upstream-retry} notice names this fault. */
		String failure() {
			return switch (this) {
				case CONNECTION_RESET, EMPTY_RESPONSE, MALFORMED_CHUNK, RANDOM_DATA_THEN_CLOSE, HTTP_500, HTTP_502,
						HTTP_503 ->
					"(unavailable)";
				case SLOW_DRIP, DELAY_PAST_DEADLINE -> "(timeout)";
				case THROTTLED_429 -> "(throttled)";
			};
		}

		Expected expected() {
			return switch (this) {
				case CONNECTION_RESET, EMPTY_RESPONSE, MALFORMED_CHUNK, RANDOM_DATA_THEN_CLOSE, HTTP_500, HTTP_502,
						HTTP_503 ->
					new Expected(503, "upstream-unavailable");
				case SLOW_DRIP, DELAY_PAST_DEADLINE -> new Expected(504, "upstream-timeout");
				case THROTTLED_429 -> new Expected(429, "upstream-throttled");
			};
		}

	}

}
