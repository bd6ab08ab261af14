package io.runctl.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which pipeline a request addresses (API.md section 2): query parameters over
 * config-lock.yaml, the id rules, and no upstream call for a bad id.
 */
@ExtendWith(OutputCaptureExtension.class)
class CoordinatesTests extends UpstreamWebTest {

	private static final String LOCKED_PREFIX = "/v2/users/lock-user/apps/lock-app/pipelines/lock-pipe/versions/lock-v1";

	@Test
	void withoutLockFileAndQueryShouldAnswerMissingParametersNamingAllFour() {
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "/problems/missing-parameters", "title": "Missing pipeline coordinates", "status": 400,
					 "instance": "/runs/e8c41c0b6d334daba757a73e99ef0e2d",
					 "missing": ["user_id", "app_id", "pipeline_id", "pipeline_version_id"]}""");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void missingParametersDetailShouldSayWhereToGiveThem() {
		assertThat(this.mvc.get().uri("/runs?user_id=u&app_id=a")).hasStatus(400)
			.bodyJson()
			.hasPathSatisfying("$.detail",
					(detail) -> assertThat(detail).asString()
						.contains("pipeline_id", "pipeline_version_id", "query parameters", "config-lock.yaml"))
			.hasPathSatisfying("$.missing",
					(missing) -> assertThat(missing).asArray().containsExactly("pipeline_id", "pipeline_version_id"))
			.hasPathSatisfying("$.request_id", (id) -> assertThat(id).asString().isNotBlank());
	}

	@Test
	void lockFileShouldGiveTheCoordinates() throws IOException {
		writeLockFile("lock-user", "lock-app", "lock-pipe", "lock-v1");
		stubRun(LOCKED_PREFIX);

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"user_id\": \"lock-user\", \"app_id\": \"lock-app\", \"pipeline_id\": \"lock-pipe\", "
							+ "\"pipeline_version_id\": \"lock-v1\"}");
		upstream.verify(1, getRequestedFor(urlPathEqualTo(LOCKED_PREFIX + "/runs/" + Upstream.RUN)));
	}

	@Test
	void queryParametersShouldWinOverTheLockFile() throws IOException {
		writeLockFile("lock-user", "lock-app", "lock-pipe", "lock-v1");
		String mixed = "/v2/users/lock-user/apps/lock-app/pipelines/other-pipe/versions/v9";
		stubRun(mixed);

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "?pipeline_id=other-pipe&pipeline_version_id=v9"))
			.hasStatusOk();
		upstream.verify(1, getRequestedFor(urlPathEqualTo(mixed + "/runs/" + Upstream.RUN)));
	}

	@Test
	void lockFileChangedOnDiskShouldBeReadAgain() throws IOException {
		writeLockFile("lock-user", "lock-app", "lock-pipe", "lock-v1");
		stubRun(LOCKED_PREFIX);
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatusOk();

		writeLockFile("user-2", "app-2", "pipe-2", "v-2");
		String changed = "/v2/users/user-2/apps/app-2/pipelines/pipe-2/versions/v-2";
		stubRun(changed);

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"user_id\": \"user-2\", \"pipeline_version_id\": \"v-2\"}");
		upstream.verify(1, getRequestedFor(urlPathEqualTo(changed + "/runs/" + Upstream.RUN)));
	}

	@Test
	void lockFileRewrittenWithTheSameSizeAndTimeShouldBeReadAgain() throws IOException {
		writeLockFile("user-a", "app-a", "pipe-a", "ver-a");
		FileTime stamp = Files.getLastModifiedTime(LOCK_FILE);
		stubRun("/v2/users/user-a/apps/app-a/pipelines/pipe-a/versions/ver-a");
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatusOk();

		writeLockFile("user-b", "app-b", "pipe-b", "ver-b");
		Files.setLastModifiedTime(LOCK_FILE, stamp);
		String changed = "/v2/users/user-b/apps/app-b/pipelines/pipe-b/versions/ver-b";
		stubRun(changed);

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatusOk();
		upstream.verify(1, getRequestedFor(urlPathEqualTo(changed + "/runs/" + Upstream.RUN)));
	}

	@Test
	void lockFileWithSomeKeysShouldLeaveTheOthersMissing() throws IOException {
		Files.writeString(LOCK_FILE, "pipeline:\n  id: lock-pipe\n  user_id: lock-user\n");

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/missing-parameters\", "
					+ "\"missing\": [\"app_id\", \"pipeline_version_id\"]}");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "pipeline: [unclosed\n  id: x", "just a string", "pipeline: 42\n", "\t- not: yaml: at: all" })
	void malformedLockFileShouldBeLoggedShownInHealthAndTreatedAsAbsent(String content, CapturedOutput output)
			throws IOException {
		Files.writeString(LOCK_FILE, content);

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/missing-parameters\", "
					+ "\"missing\": [\"user_id\", \"app_id\", \"pipeline_id\", \"pipeline_version_id\"]}");
		assertThat(output.getAll()).contains("Lock file").contains("malformed");
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.components.lockFile.details.error",
					(error) -> assertThat(error).asString().contains("malformed"))
			.extractingPath("$.status")
			.isEqualTo("UP");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void healthShouldShowAPresentLockFile() throws IOException {
		writeLockFile("lock-user", "lock-app", "lock-pipe", "lock-v1");
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"components\": {\"lockFile\": {\"status\": \"UP\", \"details\": {\"present\": true, "
					+ "\"pipeline\": {\"user_id\": \"lock-user\"}}}}}");
	}

	@ParameterizedTest(name = "run_id {0}")
	@ValueSource(strings = { "..", "-x", "_x", "a%20b", "%C3%A9t%C3%A9", "a.b", "a%2Fb" })
	void invalidRunIdShouldAnswerBadRequestWithoutCallingUpstream(String runId) {
		assertThat(this.mvc.get().uri("/runs/" + runId + "?" + Upstream.COORDINATES)).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"run_id\"}");
		assertThat(this.mvc.post().uri("/runs/" + runId + "/cancel?" + Upstream.COORDINATES)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"run_id\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void runIdLongerThan128CharactersShouldAnswerBadRequest() {
		assertThat(this.mvc.get().uri("/runs/" + "a".repeat(129) + "?" + Upstream.COORDINATES)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"run_id\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void idOf128CharactersShouldBeAccepted() {
		String id = "a".repeat(128);
		upstream.stubFor(Upstream.getRun(id).willReturn(Upstream.json(200, Upstream.getRunBody(id, 64001, "R"))));
		assertThat(this.mvc.get().uri("/runs/" + id + "?" + Upstream.COORDINATES)).hasStatusOk();
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "user_id, ..", "user_id, -x", "user_id, a%20b", "user_id, %C3%A9", "user_id, ''", "app_id, ..",
			"app_id, -x", "app_id, a%20b", "app_id, %C3%A9", "pipeline_id, ..", "pipeline_id, -x", "pipeline_id, a%20b",
			"pipeline_id, %C3%A9", "pipeline_version_id, ..", "pipeline_version_id, -x", "pipeline_version_id, a%20b",
			"pipeline_version_id, %C3%A9" })
	void invalidCoordinateShouldAnswerBadRequestNamingItWithoutCallingUpstream(String parameter, String value) {
		String query = Upstream.COORDINATES.replaceAll(parameter + "=[^&]*", parameter + "=" + value);
		for (String uri : new String[] { "/runs/" + Upstream.RUN + "?" + query, "/runs?" + query,
				"/runs/" + Upstream.RUN + "/history?" + query }) {
			assertThat(this.mvc.get().uri(uri)).hasStatus(400)
				.bodyJson()
				.isLenientlyEqualTo(
						"{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"" + parameter + "\"}");
		}
		assertThat(this.mvc.post().uri("/runs/" + Upstream.RUN + "/pause?" + query)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"" + parameter + "\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void coordinateLongerThan128CharactersShouldAnswerBadRequest() {
		String query = Upstream.COORDINATES.replace("app_id=" + Upstream.APP, "app_id=" + "a".repeat(129));
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "?" + query)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"app_id\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void invalidIdInTheLockFileShouldAnswerBadRequestNamingIt() throws IOException {
		writeLockFile("lock-user", "bad app", "lock-pipe", "lock-v1");
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"app_id\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void userIdMeShouldBeAccepted() {
		String me = "/v2/users/me/apps/" + Upstream.APP + "/pipelines/" + Upstream.PIPELINE + "/versions/"
				+ Upstream.VERSION;
		stubRun(me);
		String query = Upstream.COORDINATES.replace("user_id=" + Upstream.USER, "user_id=me");
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "?" + query)).hasStatusOk();
		upstream.verify(1, getRequestedFor(urlPathEqualTo(me + "/runs/" + Upstream.RUN)));
	}

	@Test
	void repeatedCoordinateShouldAnswerBadRequest() {
		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES + "&app_id=other"))
			.hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"app_id\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	private static void stubRun(String prefix) {
		upstream.stubFor(get(urlPathEqualTo(prefix + "/runs/" + Upstream.RUN))
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))));
	}

	private static void writeLockFile(String user, String app, String pipeline, String version) throws IOException {
		Files.writeString(LOCK_FILE, """
				pipeline:
				  id: %s
				  user_id: %s
				  app_id: %s
				  version_id: %s
				  orchestration_spec:
				    argo_orchestration_spec: |
				      apiVersion: argoproj.io/v1alpha1
				      kind: Workflow
				""".formatted(pipeline, user, app, version));
		Files.setLastModifiedTime(LOCK_FILE, FileTime.from(Instant.now()));
	}

}
