import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast, stateful stand-in for the upstream platform (CLARIFAI_API.md sections 5.1, 5.4
 * and 8), for load tests only: {@code GET .../runs/{id}} answers the run in its current
 * state (RUNNING until patched) and {@code PATCH .../runs} with {@code action: overwrite}
 * moves it to the code in the body, so that pause + resume pairs alternate RUNNING and
 * PAUSED. Every other path answers the upstream's not-found envelope. Listens on
 * 127.0.0.1 only.
 * <p>
 * Usage: {@code java UpstreamStub <port|0> [threads]}; prints {@code READY <port>} once
 * it listens. Run with {@code -Dsun.net.httpserver.nodelay=true}.
 */
public final class UpstreamStub {

	private static final Pattern RUN_PATH = Pattern.compile(
			"/v2/users/([^/]+)/apps/([^/]+)/pipelines/([^/]+)/versions/([^/]+)/runs/([A-Za-z0-9_-]+)");

	private static final Pattern RUNS_PATH = Pattern
		.compile("/v2/users/([^/]+)/apps/([^/]+)/pipelines/([^/]+)/versions/([^/]+)/runs");

	private static final Pattern PATCH_ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

	private static final Pattern PATCH_CODE = Pattern.compile("\"code\"\\s*:\\s*\"?([A-Z_0-9]+)\"?");

	private static final int RUNNING = 64001;

	private static final int PAUSED = 64008;

	private static final int CANCELLED = 64004;

	private static final byte[] NOT_FOUND = ("{\"status\":{\"code\":11101,\"description\":\"Resource does not exist\","
			+ "\"details\":\"no such path in the load-test stub\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] NO_AUTH = ("{\"status\":{\"code\":11102,\"description\":\"Invalid request\","
			+ "\"details\":\"Empty or malformed authorization header.\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private final ConcurrentHashMap<String, Integer> states = new ConcurrentHashMap<>();

	private final AtomicLong gets = new AtomicLong();

	private final AtomicLong patches = new AtomicLong();

	public static void main(String[] args) throws IOException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 0;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 8;
		new UpstreamStub().start(port, threads);
	}

	private void start(int port, int threads) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		server.setExecutor(pool);
		server.createContext("/", this::handle);
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("STUB gets=" + this.gets.get() + " patches=" + this.patches.get());
			server.stop(0);
			pool.shutdownNow();
		}));
		System.out.println("READY " + server.getAddress().getPort());
		System.out.flush();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String auth = exchange.getRequestHeaders().getFirst("Authorization");
			byte[] requestBody = readAll(exchange.getRequestBody());
			if (auth == null || !auth.startsWith("Key ") || auth.length() < 5) {
				send(exchange, 401, NO_AUTH);
				return;
			}
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			Matcher run = RUN_PATH.matcher(path);
			if ("GET".equals(method) && run.matches()) {
				this.gets.incrementAndGet();
				String id = run.group(5);
				int code = this.states.getOrDefault(id, RUNNING);
				send(exchange, 200, single(run.group(1), run.group(2), run.group(3), run.group(4), id, code));
				return;
			}
			Matcher runs = RUNS_PATH.matcher(path);
			if ("PATCH".equals(method) && runs.matches()) {
				this.patches.incrementAndGet();
				String body = new String(requestBody, StandardCharsets.UTF_8);
				Matcher id = PATCH_ID.matcher(body);
				Matcher code = PATCH_CODE.matcher(body);
				if (!id.find() || !code.find()) {
					send(exchange, 400, ("{\"status\":{\"code\":26302,\"description\":\"Invalid request\"},"
							+ "\"pipeline_version_runs\":[]}")
						.getBytes(StandardCharsets.UTF_8));
					return;
				}
				int target = code(code.group(1));
				this.states.put(id.group(1), target);
				send(exchange, 200, multi(runs.group(1), runs.group(2), id.group(1), target));
				return;
			}
			send(exchange, 404, NOT_FOUND);
		}
	}

	private static int code(String value) {
		return switch (value) {
			case "JOB_PAUSED" -> PAUSED;
			case "JOB_RUNNING" -> RUNNING;
			case "JOB_CANCELLED" -> CANCELLED;
			default -> Integer.parseInt(value);
		};
	}

	private static String description(int code) {
		return switch (code) {
			case RUNNING -> "Running";
			case PAUSED -> "Paused";
			case CANCELLED -> "Cancelled";
			default -> "Queued";
		};
	}

	/**
	 * CLARIFAI_API.md section 8.1: a full run body, about 1.2 KB, as the real platform
	 * would answer it.
	 */
	private static byte[] single(String user, String app, String pipeline, String version, String id, int code) {
		String argo = (code == RUNNING)
				? "\"argo_status\":{\"status\":\"{\\\"phase\\\":\\\"Running\\\",\\\"startedAt\\\":\\\"2026-04-23T13:40:20Z\\\"}\"},"
				: "";
		String body = "{\"status\":{\"code\":10000,\"description\":\"Ok\",\"req_id\":\"3f1c0b9d2e4a4f57a1b2c3d4e5f60718\"},"
				+ "\"pipeline_version_run\":{\"id\":\"" + id + "\",\"pipeline_version\":{\"id\":\"" + version
				+ "\",\"app_id\":\"" + app + "\",\"user_id\":\"" + user + "\",\"pipeline_id\":\"" + pipeline + "\","
				+ "\"orchestration_spec\":{\"argo_orchestration_spec\":{\"api_version\":\"argoproj.io/v1alpha1\","
				+ "\"spec_json\":\"{\\\"spec\\\":{\\\"entrypoint\\\":\\\"sequence\\\"}}\"}},"
				+ "\"visibility\":{\"gettable\":10},\"created_at\":\"2026-04-23T13:30:01.123456Z\","
				+ "\"modified_at\":\"2026-04-23T13:30:01.123456Z\"},"
				+ "\"nodepools\":[{\"id\":\"advanced-nodepool-y43h\",\"compute_cluster\":{\"id\":\"advanced-cluster-b4z7\","
				+ "\"user_id\":\"" + user + "\"}}]," + "\"orchestration_status\":{" + argo + "\"status\":{\"code\":"
				+ code + ",\"description\":\"" + description(code) + "\"}}," + "\"user_id\":\"" + user
				+ "\",\"app_id\":\"" + app + "\",\"created_at\":\"2026-04-23T13:40:02.512330Z\","
				+ "\"modified_at\":\"2026-04-23T13:41:25.100200Z\",\"started_at\":\"2026-04-23T13:40:20Z\","
				+ "\"total_run_duration\":\"65.100s\"}}";
		return body.getBytes(StandardCharsets.UTF_8);
	}

	/** CLARIFAI_API.md section 8.3: the PATCH answer. */
	private static byte[] multi(String user, String app, String id, int code) {
		String body = "{\"status\":{\"code\":10000,\"description\":\"Ok\",\"req_id\":\"9a8b7c6d5e4f40312a1b2c3d4e5f6a7b\"},"
				+ "\"pipeline_version_runs\":[{\"id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"app_id\":\"" + app
				+ "\",\"orchestration_status\":{\"status\":{\"code\":" + code + ",\"description\":\""
				+ description(code) + "\"}}}]}";
		return body.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		return in.readAllBytes();
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
