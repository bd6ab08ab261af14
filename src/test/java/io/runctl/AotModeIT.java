package io.runctl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SseStream;
import io.runctl.testing.Upstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar in AOT mode ({@code -Dspring.aot.enabled=true}), as the Docker image runs
 * it. Its bean definitions were worked out when the jar was built, with no upstream
 * configured; what depends on the environment (the sandbox above all) must still be
 * decided when it starts. One process on the sandbox with an in-memory audit store, one
 * against a WireMock upstream with its audit trail in a real PostgreSQL.
 */
class AotModeIT {

	private static final Path JAR = Path.of(System.getProperty("runctl.jar", "target/runctl-0.1.0-SNAPSHOT.jar"));

	private static final String SANDBOX_RUNS = "/sandbox/v2/users/demo/apps/sandbox/pipelines/hello-pipeline/versions/v1/runs";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@TempDir
	Path directory;

	@Test
	void onTheSandboxTheSandboxShouldBeServedAndItsRunsControlled() throws Exception {
		try (Service service = Service.start(this.directory, Map.of(),
				"--spring.datasource.url=jdbc:h2:mem:aot;DB_CLOSE_DELAY=-1")) {
			assertThat(service.log()).contains("Starting AOT-processed RunctlApplication", "built-in SANDBOX platform");

			assertThat(service.get(SANDBOX_RUNS, "Key sandbox").statusCode()).isEqualTo(200);

			JsonNode running = service.json(service.get("/runs?state=RUNNING", ApiKeys.ADMIN_AUTH));
			String id = running.get("runs").get(0).get("id").asString();
			HttpResponse<String> paused = service.post("/runs/" + id + "/pause", "{\"reason\":\"aot\"}");
			assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
			assertThat(service.json(paused).at("/run/state").asString()).isEqualTo("PAUSED");
			HttpResponse<String> resumed = service.post("/runs/" + id + "/resume", "{}");
			assertThat(service.json(resumed).at("/run/state").asString()).isEqualTo("RUNNING");

			try (SseStream monitor = SseStream.open(service.url("/runs/" + id + "/monitor"),
					Map.of(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH))) {
				assertThat(monitor.status()).isEqualTo(200);
				List<SseStream.Event> opening = monitor.until((event) -> event.is("status"), Duration.ofSeconds(10));
				assertThat(opening).extracting(SseStream.Event::event).containsExactly("retry", "status");
				assertThat(opening.get(1).data()).contains("RUNNING");
			}

			JsonNode audit = service.json(service.get("/audit?run_id=" + id, ApiKeys.ADMIN_AUTH));
			assertThat(audit.toString()).contains("\"pause\"", "\"resume\"");

			HttpResponse<String> openApi = service.get("/v3/api-docs", null);
			assertThat(openApi.statusCode()).isEqualTo(200);
			assertThat(openApi.body()).contains("/runs/{run_id}/monitor").doesNotContain("/sandbox/");
			assertThat(service.get("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
			assertThat(service.get("/", null).body()).contains("<html");
			HttpResponse<String> unknown = service.get("/no-such-path", ApiKeys.ADMIN_AUTH);
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(service.get("/problems/invalid-transition", null).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void withAnUpstreamTheSandboxShouldBeGoneAndRunsControlledThere() throws Exception {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "running"))));
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		Map<String, String> environment = Map.of("CLARIFAI_PAT", Upstream.PAT, "CLARIFAI_API_BASE", upstream.baseUrl());
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
				Service service = Service.start(this.directory, environment,
						"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
						"--spring.datasource.username=postgres")) {
			assertThat(service.log()).contains("Starting AOT-processed RunctlApplication")
				.doesNotContain("sandbox platform", Upstream.PAT);

			HttpResponse<String> sandbox = service.get(SANDBOX_RUNS, "Key sandbox");
			assertThat(sandbox.statusCode()).isEqualTo(404);
			assertThat(sandbox.headers().firstValue("Content-Type")).hasValue("application/problem+json");

			HttpResponse<String> run = service.get("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES,
					ApiKeys.ADMIN_AUTH);
			assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
			assertThat(service.json(run).get("state").asString()).isEqualTo("RUNNING");

			String pause = "/runs/" + Upstream.RUN + "/pause?" + Upstream.COORDINATES;
			HttpResponse<String> paused = service.post(pause, "{\"reason\":\"aot\"}", "Idempotency-Key", "aot-1");
			assertThat(service.json(paused).at("/run/state").asString()).isEqualTo("PAUSED");
			HttpResponse<String> retried = service.post(pause, "{\"reason\":\"aot\"}", "Idempotency-Key", "aot-1");
			assertThat(retried.body()).isEqualTo(paused.body());
			assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
			assertThat(service.log()).contains("PostgreSQL");
			JsonNode audit = service.json(service.get("/audit?run_id=" + Upstream.RUN, ApiKeys.ADMIN_AUTH));
			assertThat(audit.at("/records/0/action").asString()).isEqualTo("pause");
			assertThat(audit.at("/records/0/outcome").asString()).isEqualTo("changed");
		}
	}

	/** The jar running in its own JVM, on a port it picked, until closed. */
	private static final class Service implements AutoCloseable {

		private static final Pattern PORT = Pattern.compile("Jetty started on port (\\d+)");

		private final Process process;

		private final Path log;

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private int port;

		private Service(Process process, Path log) {
			this.process = process;
			this.log = log;
		}

		static Service start(Path directory, Map<String, String> environment, String... arguments) throws Exception {
			assertThat(JAR).as("the jar (run mvn verify: it is built before this test)").exists();
			List<String> command = new ArrayList<>(List.of(java(), "-Dspring.aot.enabled=true", "-XX:+UseSerialGC",
					"-Xms64m", "-jar", JAR.toAbsolutePath().toString(), "--server.address=127.0.0.1", "--server.port=0",
					"--runctl.lock-file=" + directory.resolve("none.yaml")));
			command.addAll(List.of(arguments));
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("runctl.log").toFile());
			Map<String, String> env = builder.environment();
			env.keySet()
				.removeIf((name) -> name.startsWith("CLARIFAI_") || name.startsWith("RUNCTL_")
						|| name.startsWith("SPRING_") || name.equals("JAVA_TOOL_OPTIONS"));
			env.put("RUNCTL_API_KEYS", "it:admin:" + sha256(ApiKeys.ADMIN));
			env.putAll(environment);
			Service service = new Service(builder.start(), directory.resolve("runctl.log"));
			try {
				service.awaitReady(Duration.ofSeconds(90));
			}
			catch (Exception | AssertionError failure) {
				service.close();
				throw failure;
			}
			return service;
		}

		private void awaitReady(Duration limit) throws Exception {
			long deadline = System.nanoTime() + limit.toNanos();
			while (System.nanoTime() < deadline) {
				assertThat(this.process.isAlive()).as("runctl exited early:%n%s", log()).isTrue();
				if (this.port == 0) {
					Matcher matcher = PORT.matcher(log());
					if (matcher.find()) {
						this.port = Integer.parseInt(matcher.group(1));
					}
				}
				else if (get("/actuator/health/readiness", null).statusCode() == 200) {
					return;
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
			throw new AssertionError("runctl was not ready within " + limit + ":\n" + log());
		}

		String log() throws IOException {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}

		String url(String path) {
			return "http://127.0.0.1:" + this.port + path;
		}

		HttpResponse<String> get(String path, String authorization) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
			if (authorization != null) {
				request.header(ApiKeys.HEADER, authorization);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** A POST with the admin key, and these extra headers (names and values). */
		HttpResponse<String> post(String path, String body, String... headers) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
				.timeout(Duration.ofSeconds(10))
				.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (headers.length > 0) {
				request.headers(headers);
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		JsonNode json(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
			return JSON.readTree(response.body());
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}

		private static String java() {
			return ProcessHandle.current().info().command().orElse("java");
		}

		private static String sha256(String key) throws NoSuchAlgorithmException {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
			return HexFormat.of().formatHex(digest);
		}

	}

}
