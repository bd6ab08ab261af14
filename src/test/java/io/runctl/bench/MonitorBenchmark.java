package io.runctl.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.runctl.RunctlApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Monitor fan-out benchmark (not a test): the service in this JVM against a fast local
 * upstream (a JDK HTTP server whose run log grows by a few entries a second), with many
 * SSE subscribers in a child JVM ({@link SubscriberClient}). Reports upstream requests
 * per second, heap and RSS, and the delivery lag from the upstream answering a log entry
 * to each subscriber (and to the last one) receiving it. Arguments:
 * {@code runs subscribersPerRun seconds}. See BENCHMARKS.md for the command.
 */
public final class MonitorBenchmark {

	static final String PREFIX = "/v2/users/bench/apps/app/pipelines/pipe/versions/v1/runs/";

	static final int ENTRIES_PER_SECOND = 20;

	/** The subscribers' API key, and its SHA-256 as the service is configured with. */
	static final String KEY = "bench-key";

	static final String KEY_SHA256 = "b0962662e937d44c699c8305d90cbf190b3150c59b13863d1380b5cc3c711bb7";

	static final int MAX_ENTRIES = 100_000;

	static final long START = System.nanoTime();

	/**
	 * Per run, when the upstream first served each of its entries: the lag of a line
	 * counts from its own run's poll.
	 */
	static final Map<String, AtomicLongArray> firstServed = new ConcurrentHashMap<>();

	static final AtomicLong upstreamRequests = new AtomicLong();

	static volatile long measureFrom = Long.MAX_VALUE;

	/** The subscribers' reading threads, one per core of the benchmark machine. */
	static final int CLIENT_THREADS = 2;

	/** Left out of the lag: the opening's tail (see {@link #client}). */
	static final Duration WARM_UP = Duration.ofSeconds(2);

	/** Lag histograms in milliseconds (index = ms, capped). */
	static final AtomicLongArray lagEach = new AtomicLongArray(60_001);

	/**
	 * Per entry of a run (by the time the upstream first served it): that run's
	 * subscribers that got it.
	 */
	static final Map<Long, AtomicInteger> receivedBy = new ConcurrentHashMap<>();

	static final Map<Long, AtomicLong> lastReceived = new ConcurrentHashMap<>();

	private MonitorBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("client")) {
			client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
					Integer.parseInt(args[4]));
			return;
		}
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 1;
		int perRun = (args.length > 1) ? Integer.parseInt(args[1]) : 1000;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 30;
		HttpServer upstream = upstream();
		ConfigurableApplicationContext app = new SpringApplicationBuilder(RunctlApplication.class).run(
				"--server.port=0", "--runctl.upstream.base-url=http://127.0.0.1:" + upstream.getAddress().getPort(),
				"--runctl.upstream.pat=bench-token", "--runctl.lock-file=target/no-lock-file.yaml",
				"--logging.level.root=WARN", "--spring.datasource.url=jdbc:h2:mem:bench",
				"--runctl.security.api-keys=bench:viewer:" + KEY_SHA256,
				"--runctl.security.rate-limit.requests-per-second=1000000",
				"--runctl.security.rate-limit.burst=1000000");
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		// The subscribers run in a child JVM: one process cannot hold both ends of 10 000
		// connections within the file descriptor limit.
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
				"-cp", System.getProperty("java.class.path"), MonitorBenchmark.class.getName(), "client",
				String.valueOf(port), String.valueOf(runs), String.valueOf(perRun), String.valueOf(seconds))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		java.io.BufferedReader lines = new java.io.BufferedReader(
				new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
		long requestsBefore = 0;
		long measureFrom = 0;
		String line;
		while ((line = lines.readLine()) != null) {
			System.out.println("client: " + line);
			if (line.startsWith("OPEN")) {
				requestsBefore = upstreamRequests.get();
				measureFrom = System.nanoTime();
			}
			if (line.startsWith("LAGS")) {
				long requests = upstreamRequests.get() - requestsBefore;
				double elapsed = (System.nanoTime() - measureFrom) / 1e9;
				System.gc();
				Thread.sleep(500);
				long heap = heapAfterGc();
				System.out.printf("RESULT runs=%d subscribers_per_run=%d total=%d seconds=%.0f upstream_req_per_s=%.2f "
						+ "per_run_per_s=%.2f server_heap_after_gc_mb=%d server_direct_mb=%d server_rss_mb=%d %s%n",
						runs, perRun, runs * perRun, elapsed, requests / elapsed, requests / elapsed / runs, heap >> 20,
						directBytes() >> 20, rssMb(), line);
				child.getOutputStream().close();
			}
		}
		child.waitFor();
		app.close();
		upstream.stop(0);
		System.exit(0);
	}

	static void client(int port, int runs, int perRun, int seconds) throws Exception {
		SubscriberClient subscribers = new SubscriberClient(port, CLIENT_THREADS, MonitorBenchmark::delivered);
		int opened = 0;
		for (int r = 0; r < runs; r++) {
			for (int s = 0; s < perRun; s++) {
				subscribers.subscribe(
						"/runs/run" + r + "/monitor?user_id=bench&app_id=app&pipeline_id=pipe"
								+ "&pipeline_version_id=v1&monitor_interval=1",
						"Authorization: Bearer " + KEY + "\r\n");
				opened++;
				if (opened % 500 == 0) {
					while (subscribers.open() + subscribers.failed() < opened - 100) {
						Thread.sleep(10);
					}
				}
			}
		}
		while (subscribers.open() + subscribers.failed() < runs * perRun) {
			Thread.sleep(10);
		}
		System.out.println("OPEN " + subscribers.open());
		// The first seconds after the last stream opened still carry the opening: the
		// late
		// streams' replay of the log so far. Lag is measured in the steady state after
		// it.
		long from = System.nanoTime() + WARM_UP.toNanos();
		measureFrom = from;
		Thread.sleep(seconds * 1000L);
		long to = System.nanoTime() - 3_000_000_000L;
		List<Long> lastLags = new ArrayList<>();
		lastReceived.forEach((served, last) -> {
			AtomicInteger count = receivedBy.get(served);
			if (served >= from && served < to && count != null && count.get() == perRun) {
				lastLags.add((last.get() - served) / 1_000_000);
			}
		});
		lastLags.sort(Long::compare);
		System.out.printf(
				"LAGS lag_each_p50_ms=%d lag_each_p99_ms=%d lag_last_p50_ms=%d lag_last_p99_ms=%d "
						+ "entries_measured=%d failed_streams=%d%n",
				percentile(lagEach, 0.50), percentile(lagEach, 0.99), at(lastLags, 0.50), at(lastLags, 0.99),
				lastLags.size(), subscribers.failed());
		System.in.read();
		subscribers.close();
		System.exit(0);
	}

	static long entriesAt(long nanos) {
		return Math.min(MAX_ENTRIES - 1, (nanos - START) / 1_000_000 * ENTRIES_PER_SECOND / 1000);
	}

	static void delivered(long served, long now) {
		if (served < measureFrom) {
			// Entries served before every subscriber was open are a backlog, not a lag.
			return;
		}
		long lag = Math.max(0, (now - served) / 1_000_000);
		lagEach.incrementAndGet((int) Math.min(lag, 60_000));
		receivedBy.computeIfAbsent(served, (e) -> new AtomicInteger()).incrementAndGet();
		lastReceived.computeIfAbsent(served, (e) -> new AtomicLong()).accumulateAndGet(now, Math::max);
	}

	static long percentile(AtomicLongArray histogram, double p) {
		long total = 0;
		for (int i = 0; i < histogram.length(); i++) {
			total += histogram.get(i);
		}
		long seen = 0;
		for (int i = 0; i < histogram.length(); i++) {
			seen += histogram.get(i);
			if (seen >= total * p) {
				return i;
			}
		}
		return -1;
	}

	static long at(List<Long> sorted, double p) {
		return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p));
	}

	/**
	 * The heap in use right after the last collection (not after it: the streams go on
	 * allocating their batches while this reads).
	 */
	static long heapAfterGc() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
			.mapToLong((pool) -> pool.getCollectionUsage().getUsed())
			.sum();
	}

	/** Direct (off-heap) buffers held, such as the server's pooled I/O buffers. */
	static long directBytes() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
	}

	static long rssMb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
				}
			}
		}
		catch (IOException ex) {
			// Not Linux: no RSS.
		}
		return -1;
	}

	static HttpServer upstream() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/", MonitorBenchmark::answer);
		server.start();
		return server;
	}

	static void answer(HttpExchange exchange) throws IOException {
		upstreamRequests.incrementAndGet();
		String path = exchange.getRequestURI().getPath();
		String run = path.substring(PREFIX.length()).split("/")[0];
		String body;
		if (path.endsWith("/logs")) {
			String query = exchange.getRequestURI().getQuery();
			int page = Integer.parseInt(query.replaceAll("(^|.*&)page=(\\d+).*", "$2"));
			long available = entriesAt(System.nanoTime());
			StringBuilder entries = new StringBuilder();
			long now = System.nanoTime();
			AtomicLongArray served = firstServed.computeIfAbsent(run, (r) -> new AtomicLongArray(MAX_ENTRIES));
			for (long e = (page - 1) * 50L; e < Math.min(available, page * 50L); e++) {
				served.compareAndSet((int) e, 0, now + e % 50);
				entries.append((entries.length() > 0) ? "," : "")
					.append("{\"message\":\"{\\\"msg\\\": \\\"bench line ")
					.append(e)
					.append(" served=")
					.append(served.get((int) e))
					.append(" of ")
					.append(run)
					.append(" lorem ipsum dolor sit amet\\\", \\\"level\\\": \\\"info\\\", \\\"@timestamp\\\": \\\"2026-04-23T13:40:31.002Z\\\"}\",\"url\":\"")
					.append(run)
					.append('-')
					.append(e)
					.append("\"}");
			}
			body = "{\"status\":{\"code\":10000},\"log_entries\":[" + entries + "],\"page\":" + page
					+ ",\"per_page\":50}";
		}
		else {
			body = "{\"status\":{\"code\":10000},\"pipeline_version_run\":{\"id\":\"" + run
					+ "\",\"orchestration_status\":{\"status\":{\"code\":64001,\"description\":\"Running\"}}}}";
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
