package io.runctl.platform;

import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PlatformClient#getRun} against every run body of CLARIFAI_API.md section 8.
 */
class PlatformClientStateTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	private final PlatformClients.Built client = PlatformClients.against(upstream.baseUrl());

	@Test
	void fullRunningExampleShouldBeRead() {
		PlatformRun run = get(
				"""
						{
						  "status": { "code": 10000, "description": "Ok", "req_id": "3f1c0b9d2e4a4f57a1b2c3d4e5f60718" },
						  "pipeline_version_run": {
						    "id": "e8c41c0b6d334daba757a73e99ef0e2d",
						    "pipeline_version": {
						      "id": "48862434906f482e94a2ec638a4233a1",
						      "app_id": "pipelines-app",
						      "user_id": "acme-user",
						      "pipeline_id": "hello-world-pipeline",
						      "orchestration_spec": {
						        "argo_orchestration_spec": { "api_version": "argoproj.io/v1alpha1", "spec_json": "{\\"spec\\":{}}" }
						      },
						      "visibility": { "gettable": 10 },
						      "created_at": "2026-04-23T13:30:01.123456Z",
						      "modified_at": "2026-04-23T13:30:01.123456Z"
						    },
						    "nodepools": [
						      { "id": "advanced-nodepool-y43h", "compute_cluster": { "id": "advanced-cluster-b4z7", "user_id": "acme-user" } }
						    ],
						    "orchestration_status": {
						      "argo_status": { "status": "{\\"phase\\":\\"Running\\"}" },
						      "status": { "code": 64001, "description": "Running" }
						    },
						    "user_id": "acme-user",
						    "app_id": "pipelines-app",
						    "created_at": "2026-04-23T13:40:02.512330Z",
						    "modified_at": "2026-04-23T13:41:25.100200Z",
						    "started_at": "2026-04-23T13:40:20Z",
						    "total_run_duration": "65.100s",
						    "a_field_added_later": { "nested": [1, 2, 3] }
						  },
						  "another_new_top_level_field": true
						}
						""");
		assertThat(run).isEqualTo(new PlatformRun(Upstream.RUN, "acme-user", "pipelines-app", "hello-world-pipeline",
				Upstream.VERSION, 64001, "Running", null, Instant.parse("2026-04-23T13:40:02.512330Z"),
				Instant.parse("2026-04-23T13:41:25.100200Z"), Instant.parse("2026-04-23T13:40:20Z"), null, 65.1));
	}

	@Test
	void queuedShouldHaveNoStartNorEnd() {
		PlatformRun run = get(envelope("""
				{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
				 "orchestration_status":{"status":{"code":64000,"description":"Queued"}},
				 "created_at":"2026-04-23T13:40:02.512330Z","modified_at":"2026-04-23T13:40:02.512330Z"}"""));
		assertThat(run.statusCode()).isEqualTo(64000);
		assertThat(run.statusDescription()).isEqualTo("Queued");
		assertThat(run.startedAt()).isNull();
		assertThat(run.endedAt()).isNull();
		assertThat(run.totalRunDurationSeconds()).isNull();
		assertThat(run.modifiedAt()).isEqualTo(Instant.parse("2026-04-23T13:40:02.512330Z"));
	}

	@Test
	void runningShouldBeRead() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
						 "orchestration_status":{"argo_status":{"status":"{\\"phase\\":\\"Running\\"}"},"status":{"code":64001,"description":"Running"}},
						 "created_at":"2026-04-23T13:40:02.512330Z","started_at":"2026-04-23T13:40:20Z","total_run_duration":"65.100s"}"""));
		assertThat(run.statusCode()).isEqualTo(64001);
		assertThat(run.startedAt()).isEqualTo(Instant.parse("2026-04-23T13:40:20Z"));
		assertThat(run.modifiedAt()).isNull();
		assertThat(run.totalRunDurationSeconds()).isEqualTo(65.1);
	}

	@Test
	void pausedShouldBeRead() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
						 "orchestration_status":{"status":{"code":64008,"description":"Paused"}},
						 "created_at":"2026-04-23T13:40:02.512330Z","started_at":"2026-04-23T13:40:20Z","total_run_duration":"80.000s"}"""));
		assertThat(run.statusCode()).isEqualTo(64008);
		assertThat(run.statusDescription()).isEqualTo("Paused");
		assertThat(run.totalRunDurationSeconds()).isEqualTo(80.0);
	}

	@Test
	void completedShouldBeRead() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
						 "orchestration_status":{"argo_status":{"status":"{\\"phase\\":\\"Succeeded\\"}"},"status":{"code":64002,"description":"Completed"}},
						 "started_at":"2026-04-23T13:40:20Z","ended_at":"2026-04-23T13:42:54Z","total_run_duration":"154.200s"}"""));
		assertThat(run.statusCode()).isEqualTo(64002);
		assertThat(run.endedAt()).isEqualTo(Instant.parse("2026-04-23T13:42:54Z"));
		assertThat(run.totalRunDurationSeconds()).isEqualTo(154.2);
		assertThat(run.createdAt()).isNull();
	}

	@Test
	void failedShouldCarryTheDetails() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
						 "orchestration_status":{"argo_status":{"status":"{\\"phase\\":\\"Failed\\"}"},"status":{"code":64003,"description":"Failed","details":"step-1 exited with code 1"}},
						 "started_at":"2026-04-23T13:40:20Z","ended_at":"2026-04-23T13:41:05Z","total_run_duration":"45.000s"}"""));
		assertThat(run.statusCode()).isEqualTo(64003);
		assertThat(run.statusDetails()).isEqualTo("step-1 exited with code 1");
		assertThat(run.totalRunDurationSeconds()).isEqualTo(45.0);
	}

	@Test
	void cancelledShouldBeRead() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
						 "orchestration_status":{"status":{"code":64004,"description":"Cancelled"}},
						 "started_at":"2026-04-23T13:40:20Z","ended_at":"2026-04-23T13:41:30Z","total_run_duration":"70.000s"}"""));
		assertThat(run.statusCode()).isEqualTo(64004);
		assertThat(run.endedAt()).isEqualTo(Instant.parse("2026-04-23T13:41:30Z"));
	}

	@Test
	void unexpectedErrorShouldBeRead() {
		PlatformRun run = get(envelope("""
				{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
				 "orchestration_status":{"status":{"code":64006,"description":"Unexpected error"}},
				 "ended_at":"2026-04-23T13:41:30Z"}"""));
		assertThat(run.statusCode()).isEqualTo(64006);
		assertThat(run.startedAt()).isNull();
		assertThat(run.totalRunDurationSeconds()).isNull();
	}

	@Test
	void absentOrchestrationStatusShouldReadAsCodeZero() {
		PlatformRun run = get(envelope("""
				{"id":"e8c41c0b6d334daba757a73e99ef0e2d","user_id":"acme-user","app_id":"pipelines-app",
				 "created_at":"2026-04-23T13:40:02.512330Z"}"""));
		assertThat(run.statusCode()).isZero();
		assertThat(run.statusDescription()).isNull();
	}

	@Test
	void legacySuccessCodeShouldBeReadAsIs() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","orchestration_status":{"status":{"code":10000,"description":"Ok"}}}"""));
		assertThat(run.statusCode()).isEqualTo(10000);
	}

	@Test
	void codeWrittenAsEnumNameShouldReadAsItsNumber() {
		PlatformRun run = get(
				"""
						{"status":{"code":"SUCCESS","description":"Ok"},
						 "pipeline_version_run":{"id":"e8c41c0b6d334daba757a73e99ef0e2d","orchestration_status":{"status":{"code":"JOB_RUNNING"}}}}""");
		assertThat(run.statusCode()).isEqualTo(64001);
	}

	@Test
	void codeWrittenAsNumericStringShouldReadAsItsNumber() {
		PlatformRun run = get(envelope("""
				{"id":"e8c41c0b6d334daba757a73e99ef0e2d","orchestration_status":{"status":{"code":"64008"}}}"""));
		assertThat(run.statusCode()).isEqualTo(64008);
	}

	@Test
	void unknownEnumNameShouldReadAsAnUnknownCode() {
		PlatformRun run = get(envelope(
				"""
						{"id":"e8c41c0b6d334daba757a73e99ef0e2d","orchestration_status":{"status":{"code":"JOB_SOMETHING_NEW"}}}"""));
		assertThat(run.statusCode()).isEqualTo(-1);
	}

	@Test
	void unparseableTimestampsAndDurationShouldBeAbsent() {
		PlatformRun run = get(envelope("""
				{"id":"e8c41c0b6d334daba757a73e99ef0e2d","created_at":"yesterday","total_run_duration":"1m"}"""));
		assertThat(run.createdAt()).isNull();
		assertThat(run.totalRunDurationSeconds()).isNull();
	}

	private PlatformRun get(String body) {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(200, body)));
		return this.client.client().getRun(PlatformClients.RUN).block();
	}

	private static String envelope(String run) {
		return "{\"status\":{\"code\":10000,\"description\":\"Ok\"},\"pipeline_version_run\":" + run + "}";
	}

}
