package io.runctl.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitor stream over real HTTP against a WireMock-scripted upstream (API.md section
 * 5).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitorStreamTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "10s");
		registry.add("runctl.upstream.rate-limit", () -> "200");
		registry.add("runctl.monitor.keep-alive", () -> "1s");
		registry.add("runctl.monitor.retry-min", () -> "200ms");
		registry.add("runctl.monitor.retry-max", () -> "1s");
	}

	@LocalServerPort
	int port;

	@Autowired
	Watchers watchers;

	String url(String runId, String query) {
		return "http://localhost:" + this.port + "/runs/" + runId + "/monitor?" + Upstream.COORDINATES
				+ (query.isEmpty() ? "" : "&" + query);
	}

	static void runIs(String runId, int code, String description) {
		upstream.stubFor(
				Upstream.getRun(runId).willReturn(Upstream.json(200, Upstream.getRunBody(runId, code, description))));
	}

	/** Entries of two lines each: a plain one and a JSON one with msg, level and time. */
	static List<String> entries(int from, int count) {
		return IntStream.range(from, from + count)
			.mapToObj((i) -> "plain " + i + "\n{\"msg\": \"json " + i
					+ "\", \"level\": \"info\", \"@timestamp\": \"2026-04-23T13:40:31.002Z\"}")
			.toList();
	}

	static List<Event> logs(List<Event> events) {
		return events.stream().filter((event) -> event.is("log")).toList();
	}

	static List<String> expectedIds(int entries) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < entries; i++) {
			ids.add(i + ".0");
			ids.add(i + ".1");
		}
		return ids;
	}

	@Test
	void streamShouldSendStatusFirstThenEveryLineOnceInOrderAcrossPagesStatusChangesAndEndAfterTheDrain() {
		String run = "grow1";
		runIs(run, 64001, "Running");
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 50));
		Upstream.logPageIs(upstream, run, 2, 50, entries(50, 10));
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open(url(run, "monitor_interval=1"))) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(stream.headers().firstValue("Cache-Control")).hasValue("no-cache");
			assertThat(stream.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(stream.next(WAIT)).isEqualTo(new Event("retry", "", "3000"));
			Event status = stream.next(WAIT);
			assertThat(status.event()).isEqualTo("status");
			assertThat(status.data()).contains("\"state\":\"RUNNING\"").contains("\"id\":\"" + run + "\"");

			List<Event> first = stream.until((event) -> event.id().equals("59.1"), WAIT);
			assertThat(logs(first)).extracting(Event::id).containsExactlyElementsOf(expectedIds(60));
			assertThat(first.get(0).data()).contains("\"line\":\"plain 0\"", "\"raw\":\"plain 0\"", "\"level\":null",
					"\"entry\":\"" + run + "-0\"");
			assertThat(first.get(1).data()).contains("\"line\":\"json 0\"", "\"level\":\"info\"",
					"\"at\":\"2026-04-23T13:40:31.002Z\"");

			runIs(run, 64008, "Paused");
			Upstream.logPageIs(upstream, run, 2, 50, entries(50, 20));
			List<Event> paused = stream.until((event) -> event.is("status"), WAIT);
			assertThat(paused.get(paused.size() - 1).data()).contains("\"state\":\"PAUSED\"");

			Upstream.logPageIs(upstream, run, 2, 50, entries(50, 50));
			Upstream.logPageIs(upstream, run, 3, 100, entries(100, 50));
			Upstream.logPageIs(upstream, run, 4, 150, entries(150, 3));
			runIs(run, 64002, "Completed");
			List<Event> rest = stream.until((event) -> event.is("end"), WAIT);
			List<String> all = new ArrayList<>();
			logs(first).forEach((event) -> all.add(event.id()));
			logs(paused).forEach((event) -> all.add(event.id()));
			logs(rest).forEach((event) -> all.add(event.id()));
			assertThat(all).containsExactlyElementsOf(expectedIds(153));
			Event completed = rest.stream().filter((event) -> event.is("status")).findFirst().orElseThrow();
			assertThat(completed.data()).contains("\"state\":\"COMPLETED\"");
			assertThat(rest.get(rest.size() - 1).data()).contains("\"reason\":\"terminal\"")
				.contains("\"state\":\"COMPLETED\"");
			assertThat(rest.indexOf(completed)).isGreaterThan(rest.indexOf(logs(rest).get(logs(rest).size() - 1)));
			assertThat(stream.next(WAIT).event()).isEqualTo("eof");
		}
		await().atMost(WAIT).until(() -> !this.watchers.polling().stream().anyMatch((c) -> c.runId().equals(run)));
	}

	/**
	 * HEAD answers GET's status and headers, and opens no stream that would outlive it.
	 */
	@Test
	void headShouldAnswerLikeGetWithoutOpeningAStream() throws Exception {
		runIs("head1", 64001, "Running");
		upstream.stubFor(Upstream.getRun("gone1")
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "no such run"))));
		HttpClient client = HttpClient.newHttpClient();

		HttpResponse<Void> found = client.send(head(url("head1", "monitor_interval=1")),
				HttpResponse.BodyHandlers.discarding());
		HttpResponse<Void> missing = client.send(head(url("gone1", "")), HttpResponse.BodyHandlers.discarding());
		HttpResponse<Void> invalid = client.send(head(url("head1", "timeout=0")),
				HttpResponse.BodyHandlers.discarding());

		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(found.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(found.headers().firstValue("X-Accel-Buffering")).hasValue("no");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(this.watchers.subscriberCount()).isZero();
		assertThat(this.watchers.watcherCount()).isZero();
	}

	static HttpRequest head(String url) {
		return HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(10))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)
			.build();
	}

	@Test
	void alreadyTerminalRunShouldSendStatusAllLinesAndEnd() {
		String run = "done1";
		runIs(run, 64003, "Failed");
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 2));
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open(url(run, ""))) {
			List<Event> events = stream.until((event) -> event.is("end"), WAIT);
			assertThat(events).extracting(Event::event)
				.containsExactly("retry", "status", "log", "log", "log", "log", "end");
			assertThat(events.get(1).data()).contains("\"state\":\"FAILED\"", "\"terminal\":true");
			assertThat(events.get(6).data()).contains("\"reason\":\"terminal\"");
			assertThat(stream.next(WAIT).event()).isEqualTo("eof");
		}
		try (SseStream stream = SseStream.open(url(run, ""), Map.of("Last-Event-ID", "0.1"))) {
			List<Event> events = stream.until((event) -> event.is("end"), WAIT);
			assertThat(logs(events)).extracting(Event::id).containsExactly("1.0", "1.1");
		}
	}

	@Test
	void streamShouldEndWithTimeoutAndSendKeepAlives() {
		String run = "quiet1";
		runIs(run, 64008, "Paused");
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open(url(run, "timeout=3&monitor_interval=1"))) {
			List<Event> all = new ArrayList<>();
			Event event;
			do {
				event = stream.next(WAIT);
				all.add(event);
			}
			while (!event.is("end"));
			assertThat(all).anySatisfy((e) -> assertThat(e).isEqualTo(new Event(":", "", "keep-alive")));
			assertThat(event.data()).contains("\"reason\":\"timeout\"", "\"state\":\"PAUSED\"");
			assertThat(stream.next(WAIT).event()).isEqualTo("eof");
		}
	}

	@Test
	void lastEventIdShouldResumeWithTheNextLineMidLog() {
		String run = "resume1";
		runIs(run, 64001, "Running");
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 5));
		Upstream.noMoreLogs(upstream, run);
		String cursor;
		try (SseStream stream = SseStream.open(url(run, "monitor_interval=1"))) {
			List<Event> events = stream.until((event) -> event.id().equals("2.0"), WAIT);
			cursor = events.get(events.size() - 1).id();
		}
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 8));
		try (SseStream stream = SseStream.open(url(run, "monitor_interval=1"), Map.of("Last-Event-ID", cursor))) {
			List<Event> events = stream.until((event) -> event.id().equals("7.1"), WAIT);
			assertThat(events.get(1).event()).isEqualTo("status");
			assertThat(logs(events)).extracting(Event::id)
				.containsExactly("2.1", "3.0", "3.1", "4.0", "4.1", "5.0", "5.1", "6.0", "6.1", "7.0", "7.1");
		}
	}

	@Test
	void fiftySubscribersShouldCostOneWatchersUpstreamTraffic() throws Exception {
		String run = "fan1";
		runIs(run, 64001, "Running");
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 3));
		Upstream.noMoreLogs(upstream, run);
		List<SseStream> streams = new ArrayList<>();
		long started = System.nanoTime();
		try {
			for (int i = 0; i < 50; i++) {
				streams.add(SseStream.open(url(run, "monitor_interval=1")));
			}
			for (SseStream stream : streams) {
				List<Event> events = stream.until((event) -> event.id().equals("2.1"), WAIT);
				assertThat(logs(events)).hasSize(6);
			}
			// Watchers of earlier tests go once their closed streams are noticed.
			await().atMost(WAIT).until(() -> this.watchers.watcherCount() == 1);
			await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
		}
		finally {
			streams.forEach(SseStream::close);
		}
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
		int runReads = upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.runPath(run)))).size();
		int logReads = upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.logsPath(run)))).size();
		// One watcher polling every second: about one read of each per second, not fifty.
		assertThat(runReads).isBetween(2, (int) seconds + 2);
		assertThat(logReads).isBetween(2, (int) seconds + 2);
	}

	@Test
	void twoRunsShouldHaveTwoWatchersAndTheSmallestIntervalWins() {
		runIs("twoA", 64001, "Running");
		runIs("twoB", 64000, "Queued");
		Upstream.noMoreLogs(upstream, "twoA");
		Upstream.noMoreLogs(upstream, "twoB");
		try (SseStream a = SseStream.open(url("twoA", "monitor_interval=60"));
				SseStream b = SseStream.open(url("twoB", "monitor_interval=60"))) {
			assertThat(a.status()).as(() -> a.body()).isEqualTo(200);
			assertThat(a.until((event) -> event.is("status"), WAIT).get(1).data()).contains("RUNNING");
			assertThat(b.until((event) -> event.is("status"), WAIT).get(1).data()).contains("QUEUED");
			await().atMost(WAIT)
				.until(() -> this.watchers.polling().stream().filter((c) -> c.runId().startsWith("two")).count() == 2);
			int before = runReads("twoA");
			await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
			assertThat(runReads("twoA")).isEqualTo(before);
			try (SseStream fast = SseStream.open(url("twoA", "monitor_interval=1"))) {
				fast.until((event) -> event.is("status"), WAIT);
				await().atMost(WAIT).until(() -> runReads("twoA") >= before + 3);
			}
		}
	}

	@Test
	void pollingShouldStopWhenTheLastSubscriberLeaves() {
		String run = "leave1";
		runIs(run, 64001, "Running");
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open(url(run, "monitor_interval=1"))) {
			stream.until((event) -> event.is("status"), WAIT);
			await().atMost(WAIT).until(() -> runReads(run) >= 2);
		}
		await().atMost(WAIT).until(() -> this.watchers.watcherCount() == 0);
		int after = runReads(run);
		await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
		assertThat(runReads(run)).isLessThanOrEqualTo(after + 1);
	}

	@Test
	void upstreamOutageMidStreamShouldSendNoticesThenRecoverWithNothingLost() {
		String run = "outage1";
		runIs(run, 64001, "Running");
		Upstream.logPageIs(upstream, run, 1, 0, entries(0, 3));
		Upstream.noMoreLogs(upstream, run);
		try (SseStream stream = SseStream.open(url(run, "monitor_interval=1"))) {
			List<Event> before = stream.until((event) -> event.id().equals("2.1"), WAIT);
			upstream.stubFor(Upstream.getRun(run).willReturn(aResponse().withStatus(503)));
			stream.until((event) -> event.is("notice") && event.data().contains("upstream-retry"), WAIT);
			upstream.stubFor(Upstream.getRun(run).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
			stream.until((event) -> event.is("notice") && event.data().contains("upstream-retry"), WAIT);
			upstream.stubFor(Upstream.getRun(run)
				.willReturn(Upstream.json(200, Upstream.getRunBody(run, 64001, "Running")).withFixedDelay(15000)));
			Upstream.logPageIs(upstream, run, 1, 0, entries(0, 6));
			List<Event> during = stream.until((event) -> event.is("notice") && event.data().contains("upstream-retry")
					&& event.data().contains("timeout"), WAIT);
			runIs(run, 64002, "Completed");
			List<Event> after = stream.until((event) -> event.is("end"), WAIT);
			List<String> ids = new ArrayList<>();
			logs(before).forEach((event) -> ids.add(event.id()));
			logs(during).forEach((event) -> ids.add(event.id()));
			logs(after).forEach((event) -> ids.add(event.id()));
			assertThat(ids).containsExactlyElementsOf(expectedIds(6));
		}
	}

	@Test
	void invalidParametersShouldAnswerProblemsBeforeAnyStream() {
		try (SseStream stream = SseStream.open(url("bad1", "timeout=0"))) {
			assertThat(stream.status()).isEqualTo(400);
			assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(stream.body()).contains("\"parameter\":\"timeout\"", "/problems/invalid-parameter");
		}
		try (SseStream stream = SseStream.open(url("bad1", "monitor_interval=3601"))) {
			assertThat(stream.status()).isEqualTo(400);
			assertThat(stream.body()).contains("\"parameter\":\"monitor_interval\"");
		}
		try (SseStream stream = SseStream.open(url("bad1", "logs=maybe"))) {
			assertThat(stream.status()).isEqualTo(400);
			assertThat(stream.body()).contains("\"parameter\":\"logs\"");
		}
		try (SseStream stream = SseStream.open(url("bad$id", ""))) {
			assertThat(stream.status()).isEqualTo(400);
		}
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Test
	void unknownRunShouldAnswerNotFoundProblemNotAStream() {
		upstream.stubFor(Upstream.getRun("gone1")
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "no such run"))));
		try (SseStream stream = SseStream.open(url("gone1", ""))) {
			assertThat(stream.status()).isEqualTo(404);
			assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(stream.body()).contains("/problems/run-not-found", "\"request_id\"");
		}
		await().atMost(WAIT).until(() -> this.watchers.watcherCount() == 0);
	}

	int runReads(String run) {
		return upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.runPath(run)))).size();
	}

}
