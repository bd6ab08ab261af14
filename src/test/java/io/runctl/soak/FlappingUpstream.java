package io.runctl.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.runctl.testing.Upstream;
import org.jspecify.annotations.Nullable;

/**
 * A loopback upstream that flaps: healthy, then failing (503, 500 with an internal code,
 * 429 with 11005, connections closed without an answer), then slow (answers later than
 * the service's per-call timeout), and again. It keeps a state per run, so pause, resume
 * and cancel really change what later reads see. A cancelled run comes back RUNNING five
 * seconds later so the mix of calls stays the same. Every run's log grows by one entry of
 * two lines at a fixed pace, paged as the platform pages it.
 */
final class FlappingUpstream implements AutoCloseable {

	enum Phase {

		HEALTHY, FAILING, SLOW

	}

	private static final Pattern RUN_PATH = Pattern.compile(".*/runs/([A-Za-z0-9_-]+)(/.*)?");

	private static final Pattern PATCHED = Pattern
		.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\".*?\"code\"\\s*:\\s*(\\d+)", Pattern.DOTALL);

	private final HttpServer server;

	private final ExecutorService workers = Executors.newFixedThreadPool(32);

	private final Map<String, Integer> states = new ConcurrentHashMap<>();

	private final Map<String, Long> cancelledAt = new ConcurrentHashMap<>();

	private volatile long started = System.nanoTime();

	private final long healthyMillis;

	private final long failingMillis;

	private final long slowMillis;

	private final long slowAnswerMillis;

	/** Every run's log gains one entry (of two lines) this often, whatever its state. */
	private final long logEntryMillis;

	private final long logStart = System.nanoTime();

	FlappingUpstream(int runs, long healthyMillis, long failingMillis, long slowMillis, long slowAnswerMillis,
			long logEntryMillis) throws IOException {
		this.logEntryMillis = logEntryMillis;
		this.healthyMillis = healthyMillis;
		this.failingMillis = failingMillis;
		this.slowMillis = slowMillis;
		this.slowAnswerMillis = slowAnswerMillis;
		for (int i = 0; i < runs; i++) {
			this.states.put(runId(i), 64001);
		}
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.workers);
		this.server.start();
	}

	static String runId(int i) {
		return "soak-run-" + i;
	}

	/** How many entries every run's log has now. */
	int logEntries() {
		return 1 + (int) (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.logStart) / this.logEntryMillis);
	}

	/**
	 * Entry {@code i} of a run's log: a plain line and a JSON line with {@code msg}; the
	 * stream's cursors of its lines are {@code i.0} and {@code i.1}.
	 */
	static String logEntry(String run, int i) {
		return "{\"url\":\"" + run + "-log-" + i + "\",\"message\":\"" + run + " entry " + i
				+ " starts\\n{\\\"msg\\\": \\\"entry " + i + " ends\\\", \\\"level\\\": \\\"info\\\"}\"}";
	}

	/** Starts the healthy / failing / slow cycle from its beginning. */
	void restartCycle() {
		this.started = System.nanoTime();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	Phase phase() {
		long cycle = this.healthyMillis + this.failingMillis + this.slowMillis;
		long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started) % cycle;
		Phase phase = (at < this.healthyMillis) ? Phase.HEALTHY
				: (at < this.healthyMillis + this.failingMillis) ? Phase.FAILING : Phase.SLOW;
		long now = System.nanoTime();
		this.cancelledAt.forEach((id, when) -> {
			if (now - when > TimeUnit.SECONDS.toNanos(5) && this.cancelledAt.remove(id, when)) {
				this.states.put(id, 64001);
			}
		});
		return phase;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] request = exchange.getRequestBody().readAllBytes();
			ThreadLocalRandom random = ThreadLocalRandom.current();
			switch (phase()) {
				case FAILING -> {
					int kind = random.nextInt(4);
					if (kind == 0) {
						return; // closed without an answer
					}
					if (kind == 1) {
						send(exchange, 503, "");
					}
					else if (kind == 2) {
						send(exchange, 500, Upstream.error(98004, "Internal error", "soak"));
					}
					else {
						exchange.getResponseHeaders().set("Retry-After", "1");
						send(exchange, 429, Upstream.error(11005, "Making too many requests", "soak"));
					}
					return;
				}
				case SLOW -> {
					if (random.nextBoolean()) {
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.slowAnswerMillis));
					}
				}
				case HEALTHY -> {
				}
			}
			answer(exchange, new String(request, StandardCharsets.UTF_8));
		}
	}

	private void answer(HttpExchange exchange, String body) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		if (method.equals("PATCH")) {
			Matcher patched = PATCHED.matcher(body);
			if (!patched.find() || !this.states.containsKey(patched.group(1))) {
				send(exchange, 404, Upstream.error(11101, "Resource does not exist", "no such run"));
				return;
			}
			this.states.put(patched.group(1), Integer.parseInt(patched.group(2)));
			if (Integer.parseInt(patched.group(2)) == 64004) {
				this.cancelledAt.put(patched.group(1), System.nanoTime());
			}
			send(exchange, 200, Upstream.patchBody(patched.group(1), Integer.parseInt(patched.group(2)), "Changed"));
			return;
		}
		if (path.endsWith("/runs")) {
			StringBuilder runs = new StringBuilder();
			this.states.forEach((id, code) -> runs.append((runs.length() > 0) ? "," : "")
				.append(Upstream.runJson(id, code, "State")));
			send(exchange, 200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[" + runs + "]}");
			return;
		}
		Matcher run = RUN_PATH.matcher(path);
		Integer code = run.matches() ? this.states.get(run.group(1)) : null;
		if (code == null) {
			send(exchange, 404, Upstream.error(11101, "Resource does not exist", "no such run"));
		}
		else if (run.group(2) == null) {
			send(exchange, 200, Upstream.getRunBody(run.group(1), code, "State"));
		}
		else if (run.group(2).equals("/status_logs")) {
			send(exchange, 200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":[{\"status\":"
					+ "{\"code\":64001},\"message\":\"started\",\"created_at\":\"2026-04-23T13:40:20Z\"}]}");
		}
		else {
			send(exchange, 200, logPage(run.group(1), exchange.getRequestURI().getRawQuery()));
		}
	}

	/**
	 * A page of the run's log as the platform pages it: {@code per_page} entries, and its
	 * last page for a page past the end.
	 */
	private String logPage(String run, @Nullable String query) {
		int page = parameter(query, "page", 1);
		int perPage = Math.max(1, Math.min(1000, parameter(query, "per_page", 32)));
		int entries = logEntries();
		int last = Math.max(1, (entries + perPage - 1) / perPage);
		int answered = (page < 1 || page > last) ? last : page;
		StringBuilder body = new StringBuilder("{\"status\":").append(Upstream.ok()).append(",\"log_entries\":[");
		for (int i = (answered - 1) * perPage; i < Math.min(entries, answered * perPage); i++) {
			body.append((i > (answered - 1) * perPage) ? "," : "").append(logEntry(run, i));
		}
		return body.append("],\"page\":")
			.append(answered)
			.append(",\"per_page\":")
			.append(perPage)
			.append('}')
			.toString();
	}

	private static int parameter(@Nullable String query, String name, int otherwise) {
		if (query == null) {
			return otherwise;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				try {
					return Integer.parseInt(pair.substring(name.length() + 1));
				}
				catch (NumberFormatException ex) {
					return otherwise;
				}
			}
		}
		return otherwise;
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

}
