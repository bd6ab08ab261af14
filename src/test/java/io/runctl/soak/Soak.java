package io.runctl.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.runctl.RunctlApplication;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Leaks;
import io.runctl.testing.Upstream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The soak: the whole service on loopback against {@link FlappingUpstream}, with
 * concurrent clients mixing reads and control calls for a bounded time. Reports answers
 * by status and problem type, the slowest answer of each, and heap after GC, live
 * threads, open file descriptors and upstream connections at the start and the end. A
 * program, not a test: see RELIABILITY.md for the command.
 * <p>
 * Beside the control calls, {@link SoakMonitors} follow monitor streams for the whole
 * soak, reconnecting with {@code Last-Event-ID}, and count every log line, duplicate,
 * gap, notice and reconnect.
 * <p>
 * System properties: {@code soak.duration} (ISO-8601, default PT10M),
 * {@code soak.clients} (default 8), {@code soak.runs} (default 20), {@code soak.monitors}
 * (monitor subscribers, default 12), {@code soak.monitored-runs} (the runs they follow,
 * default 4), {@code soak.log-entry-millis} (how often every run's log grows by an entry
 * of two lines, default 250), {@code soak.rate-limit} (the service's upstream budget,
 * default 500 per second: the soak is about faults and leaks, the budget has its own
 * tests), {@code soak.report} (default target/soak/report.md).
 */
public final class Soak {

	private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"/problems/([a-z-]+)\"");

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final Map<String, LongAccumulator> slowest = new ConcurrentHashMap<>();

	private final LongAdder requests = new LongAdder();

	private Soak() {
	}

	public static void main(String[] args) throws Exception {
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT10M"));
		int clients = Integer.getInteger("soak.clients", 8);
		int runs = Integer.getInteger("soak.runs", 20);
		Duration warmUp = Duration.parse(System.getProperty("soak.warm-up", "PT1M"));
		Path report = Path.of(System.getProperty("soak.report", "target/soak/report.md"));
		new Soak().run(duration, warmUp, clients, runs, report);
		System.exit(0);
	}

	private void run(Duration duration, Duration warmUp, int clients, int runs, Path report) throws Exception {
		Path lockFile = Path.of("target", "soak", "config-lock.yaml");
		Files.createDirectories(lockFile.getParent());
		// The audit trail in an H2 file, as in production (not in memory, where every
		// audited control call would count as heap).
		String auditDatabase = System.getProperty("soak.datasource-url",
				"jdbc:h2:file:./target/soak/audit-" + System.currentTimeMillis() + ";DB_CLOSE_ON_EXIT=FALSE");
		Files.writeString(lockFile, "pipeline:\n  id: " + Upstream.PIPELINE + "\n  user_id: " + Upstream.USER
				+ "\n  app_id: " + Upstream.APP + "\n  version_id: " + Upstream.VERSION + "\n");
		int monitors = Integer.getInteger("soak.monitors", 12);
		int monitoredRuns = Math.min(runs, Integer.getInteger("soak.monitored-runs", 4));
		long logEntryMillis = Long.getLong("soak.log-entry-millis", 250);
		String rateLimit = System.getProperty("soak.rate-limit", "500");
		try (FlappingUpstream upstream = new FlappingUpstream(runs, 40_000, 15_000, 15_000, 3_000, logEntryMillis);
				ConfigurableApplicationContext app = new SpringApplicationBuilder(RunctlApplication.class).run(
						"--server.port=0", "--server.address=127.0.0.1",
						"--runctl.upstream.base-url=" + upstream.baseUrl(), "--runctl.upstream.pat=soak-token",
						"--runctl.lock-file=" + lockFile, "--runctl.upstream.timeout=2s",
						"--runctl.upstream.read-deadline=5s", "--runctl.upstream.rate-limit=" + rateLimit,
						// The test classpath's config/application.yml turns the breaker
						// off for
						// shared test contexts; the soak runs it as in production.
						"--runctl.upstream.circuit-breaker.enabled=true", "--logging.level.root=WARN",
						"--spring.main.banner-mode=off", "--spring.datasource.url=" + auditDatabase)) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			warmUp(client, port);
			SoakMonitors monitoring = new SoakMonitors(port, monitors, monitoredRuns);
			monitoring.start();
			load(client, port, clients, runs, warmUp);
			this.outcomes.clear();
			this.slowest.clear();
			this.requests.reset();
			monitoring.resetCounts();
			Snapshot start = Snapshot.take();
			upstream.restartCycle();
			Instant began = Instant.now();
			load(client, port, clients, runs, duration);
			Duration took = Duration.between(began, Instant.now());
			int upstreamEntries = upstream.logEntries();
			long lag = monitoring.largestLagLines(upstreamEntries);
			monitoring.stop();
			TimeUnit.SECONDS.sleep(5);
			Snapshot end = Snapshot.take();
			String text = report(duration, warmUp, clients, runs, took, start, end)
					+ monitorReport(monitoring, monitoredRuns, logEntryMillis, rateLimit, upstreamEntries, lag);
			System.out.println(text);
			Files.createDirectories(report.toAbsolutePath().getParent());
			Files.writeString(report, text);
		}
	}

	private void load(HttpClient client, int port, int clients, int runs, Duration duration)
			throws InterruptedException {
		long endsAt = System.nanoTime() + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int i = 0; i < clients; i++) {
			pool.submit(() -> callUntil(client, port, runs, endsAt));
		}
		pool.shutdown();
		pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS);
	}

	private static void warmUp(HttpClient client, int port) throws Exception {
		for (int i = 0; i < 20; i++) {
			send(client, request(port, "GET", "/runs/" + FlappingUpstream.runId(0)));
		}
	}

	private void callUntil(HttpClient client, int port, int runs, long endsAt) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (System.nanoTime() < endsAt) {
			String run = "/runs/" + FlappingUpstream.runId(random.nextInt(runs));
			int pick = random.nextInt(100);
			String operation;
			HttpRequest request;
			if (pick < 35) {
				operation = "get";
				request = request(port, "GET", run);
			}
			else if (pick < 50) {
				operation = "list";
				request = request(port, "GET", "/runs?per_page=50");
			}
			else if (pick < 60) {
				operation = "history";
				request = request(port, "GET", run + "/history");
			}
			else if (pick < 78) {
				operation = "pause";
				request = request(port, "POST", run + "/pause");
			}
			else if (pick < 99) {
				operation = "resume";
				request = request(port, "POST", run + "/resume");
			}
			else {
				operation = "cancel";
				request = request(port, "POST", run + "/cancel");
			}
			long started = System.nanoTime();
			String outcome = outcome(client, request);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			String key = operation + " → " + outcome;
			this.outcomes.computeIfAbsent(key, (k) -> new LongAdder()).increment();
			this.slowest.computeIfAbsent(key, (k) -> new LongAccumulator(Math::max, 0)).accumulate(millis);
			this.requests.increment();
		}
	}

	private static String outcome(HttpClient client, HttpRequest request) {
		try {
			HttpResponse<String> answer = send(client, request);
			if (answer.statusCode() < 400) {
				return String.valueOf(answer.statusCode());
			}
			Matcher type = TYPE.matcher(answer.body());
			return answer.statusCode() + " " + (type.find() ? type.group(1) : "(no problem type)");
		}
		catch (java.net.http.HttpTimeoutException ex) {
			return "client timeout after 30 s (hang)";
		}
		catch (IOException ex) {
			return "I/O error: " + ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request)
			throws IOException, InterruptedException {
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(int port, String method, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
	}

	private String report(Duration duration, Duration warmUp, int clients, int runs, Duration took, Snapshot start,
			Snapshot end) {
		StringBuilder text = new StringBuilder();
		text.append("Soak: ")
			.append(duration)
			.append(" asked (after a ")
			.append(warmUp)
			.append(" warm-up under the same load, not counted), ")
			.append(took.toSeconds())
			.append(" s run, ")
			.append(clients)
			.append(" clients, ")
			.append(runs)
			.append(" runs, ")
			.append(this.requests.sum())
			.append(" requests (")
			.append(this.requests.sum() / Math.max(1, took.toSeconds()))
			.append("/s)\n\n");
		text.append("| operation → answer | count | slowest (ms) |\n|---|---:|---:|\n");
		new TreeMap<>(this.outcomes).forEach((key, count) -> text.append("| ")
			.append(key)
			.append(" | ")
			.append(count.sum())
			.append(" | ")
			.append(this.slowest.get(key).get())
			.append(" |\n"));
		text.append("\n| measure | start | end |\n|---|---:|---:|\n");
		text.append("| heap used after GC (MB) | ")
			.append(start.heapMb())
			.append(" | ")
			.append(end.heapMb())
			.append(" |\n");
		text.append("| live threads | ")
			.append(start.leaks().threads())
			.append(" | ")
			.append(end.leaks().threads())
			.append(" |\n");
		text.append("| open file descriptors (sockets included) | ")
			.append(start.leaks().openFiles())
			.append(" | ")
			.append(end.leaks().openFiles())
			.append(" |\n");
		text.append("| upstream connections in use | ")
			.append((long) start.leaks().activeUpstreamConnections())
			.append(" | ")
			.append((long) end.leaks().activeUpstreamConnections())
			.append(" |\n");
		return text.toString();
	}

	private static String monitorReport(SoakMonitors monitors, int runs, long logEntryMillis, String rateLimit,
			int upstreamEntries, long lag) {
		StringBuilder text = new StringBuilder();
		text.append("\nMonitors: ")
			.append(monitors.count())
			.append(" subscribers on ")
			.append(runs)
			.append(" runs, each run's log growing by a two-line entry every ")
			.append(logEntryMillis)
			.append(" ms (")
			.append(upstreamEntries)
			.append(" entries at the end); upstream rate budget ")
			.append(rateLimit)
			.append("/s\n\n| monitor measure | count |\n|---|---:|\n");
		text.append("| stream requests (connects and reconnects) | ").append(monitors.connects.sum()).append(" |\n");
		text.append("| log lines received in order, exactly once | ").append(monitors.lines.sum()).append(" |\n");
		text.append("| duplicate lines | ").append(monitors.duplicates.sum()).append(" |\n");
		text.append("| gaps (a line skipped) | ").append(monitors.gaps.sum()).append(" |\n");
		text.append("| status events | ").append(monitors.statusEvents.sum()).append(" |\n");
		text.append("| keep-alive comments | ").append(monitors.keepAlives.sum()).append(" |\n");
		text.append("| slowest stream start (ms) | ").append(monitors.slowestStart.get()).append(" |\n");
		text.append("| largest lag at the end (lines not yet received) | ").append(lag).append(" |\n");
		text.append("\n| notice kind | count |\n|---|---:|\n").append(SoakMonitors.table(monitors.notices));
		text.append("\n| stream ended / (re)connect answered | count |\n|---|---:|\n")
			.append(SoakMonitors.table(monitors.endings));
		text.append("\n| monitor error | count |\n|---|---:|\n")
			.append(monitors.errors.isEmpty() ? "| (none) | 0 |\n" : SoakMonitors.table(monitors.errors));
		return text.toString();
	}

	/** What the process holds at one moment, after a full GC. */
	private record Snapshot(long heapMb, Leaks leaks) {

		static Snapshot take() throws InterruptedException {
			for (int i = 0; i < 3; i++) {
				System.gc();
				TimeUnit.MILLISECONDS.sleep(300);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
			return new Snapshot(heap, Leaks.now());
		}

	}

}
