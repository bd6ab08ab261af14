package io.runctl.sandbox;

import io.runctl.pipeline.RunCoordinates;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's wire format as a client sees it: envelopes, HTTP statuses, codes and the
 * always-present lists (CLARIFAI_API.md sections 2 and 8).
 */
@SandboxSpringTest
class SandboxHttpTests {

	private static final String P = "/sandbox/v2/users/demo/apps/sandbox/pipelines/hello-pipeline/versions/v1";

	private static final String[] KEY = { "Authorization", "Key sandbox" };

	@LocalServerPort
	int port;

	@Autowired
	SandboxRuns runs;

	private Http http() {
		return new Http(this.port);
	}

	private RunCoordinates runIn(int code) {
		return new SandboxFixtures(this.runs).runIn(code);
	}

	@Test
	void getRunShouldAnswerTheEnvelopeWithSnakeCaseFieldsAndIntegerCodes() {
		RunCoordinates run = runIn(64001);
		Http.Answer answer = http().get(P + "/runs/" + run.runId(), KEY);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().at("/status/code").isInt()).isTrue();
		assertThat(answer.body().at("/status/code").asInt()).isEqualTo(10000);
		assertThat(answer.body().at("/status/req_id").asString()).isNotBlank();
		assertThat(answer.body().at("/pipeline_version_run/orchestration_status/status/code").asInt()).isEqualTo(64001);
		assertThat(answer.body().at("/pipeline_version_run/orchestration_status/argo_status/status").asString())
			.contains("\"phase\":\"Running\"");
		assertThat(answer.body().at("/pipeline_version_run/total_run_duration").asString()).matches("\\d+\\.\\d{3}s");
		assertThat(answer.body().at("/pipeline_version_run/ended_at").isMissingNode()).isTrue();
	}

	@Test
	void aMissingOrMalformedKeyShouldAnswer401With11102() {
		RunCoordinates run = runIn(64001);
		Http.Answer missing = http().get(P + "/runs/" + run.runId());
		Http.Answer bearer = http().get(P + "/runs", "Authorization", "Bearer sandbox");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.body().at("/status/code").asInt()).isEqualTo(11102);
		assertThat(missing.body().has("pipeline_version_run")).isFalse();
		assertThat(bearer.status()).isEqualTo(401);
		assertThat(bearer.body().at("/status/code").asInt()).isEqualTo(11102);
		assertThat(bearer.body().get("pipeline_version_runs").isEmpty()).isTrue();
	}

	@Test
	void unknownRunsAndEndpointsShouldAnswer404With11101() {
		Http.Answer run = http().get(P + "/runs/nope", KEY);
		Http.Answer logs = http().get(P + "/runs/nope/pipeline.version.run/logs", KEY);
		Http.Answer endpoint = http().get("/sandbox/v2/models", KEY);
		assertThat(run.status()).isEqualTo(404);
		assertThat(run.body().at("/status/code").asInt()).isEqualTo(11101);
		assertThat(logs.status()).isEqualTo(404);
		assertThat(logs.body().get("log_entries").isArray()).isTrue();
		assertThat(endpoint.status()).isEqualTo(404);
		assertThat(endpoint.body().at("/status/code").asInt()).isEqualTo(11101);
	}

	@Test
	void logsWithoutAPageShouldAnswerTheLastPageOf32() {
		RunCoordinates run = new SandboxFixtures(this.runs).runWithLogs(40);
		Http.Answer first = http().get(P + "/runs/" + run.runId() + "/pipeline.version.run/logs?page=1", KEY);
		Http.Answer last = http().get(P + "/runs/" + run.runId() + "/pipeline.version.run/logs", KEY);
		assertThat(first.body().get("page").asInt()).isEqualTo(1);
		assertThat(first.body().get("per_page").asInt()).isEqualTo(32);
		assertThat(first.body().get("log_entries").size()).isEqualTo(32);
		assertThat(last.body().get("page").asInt()).isGreaterThan(1);
		assertThat(last.body().get("log_entries").size()).isBetween(1, 32);
		assertThat(last.body().at("/log_entries/0/log_type").asString()).isEqualTo("pipeline.version.run");
		assertThat(last.body().at("/log_entries/0/meta/pipeline_version_run_id").asString()).isEqualTo(run.runId());
	}

	@Test
	void patchShouldTakeEnumNamesAndAnswerARefusalWith400And26302AndAnEmptyList() {
		RunCoordinates run = runIn(64001);
		String pause = "{\"user_app_id\":{\"user_id\":\"demo\",\"app_id\":\"sandbox\"},\"pipeline_version_runs\":[{\"id\":\""
				+ run.runId()
				+ "\",\"orchestration_status\":{\"status\":{\"code\":\"JOB_PAUSED\"}}}],\"action\":\"overwrite\"}";

		Http.Answer paused = http().send("PATCH", P + "/runs", pause, KEY);
		Http.Answer again = http().send("PATCH", P + "/runs", pause, KEY);

		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.body().at("/pipeline_version_runs/0/orchestration_status/status/code").asInt())
			.isEqualTo(64008);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.body().at("/status/code").asInt()).isEqualTo(26302);
		assertThat(again.body().at("/status/details").asString())
			.isEqualTo("cannot pause pipeline version run in state JOB_PAUSED");
		assertThat(again.body().get("pipeline_version_runs").isArray()).isTrue();
		assertThat(again.body().get("pipeline_version_runs").isEmpty()).isTrue();
	}

	@Test
	void postShouldStartANewQueuedRunWithAGeneratedId() {
		String body = "{\"pipeline_version_runs\":[{\"input_args_override\":{\"argo_args_override\":"
				+ "{\"parameters\":[{\"name\":\"input_text\",\"value\":\"hi\"}]}}}]}";
		Http.Answer created = http().send("POST", P + "/runs", body, KEY);
		assertThat(created.status()).isEqualTo(200);
		String id = created.body().at("/pipeline_version_runs/0/id").asString();
		assertThat(id).matches("[0-9a-f]{32}");
		assertThat(created.body().at("/pipeline_version_runs/0/orchestration_status/status/code").asInt())
			.isEqualTo(64000);
		assertThat(http().get(P + "/runs/" + id, KEY).status()).isEqualTo(200);
	}

	@Test
	void listShouldTakeRepeatedStatusCodesAsNumbersOrNames() {
		runIn(64001);
		runIn(64008);
		Http.Answer answer = http().get(P + "/runs?status_codes=JOB_RUNNING&status_codes=64008", KEY);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("pipeline_version_runs").size()).isGreaterThanOrEqualTo(2);
		answer.body()
			.get("pipeline_version_runs")
			.forEach((run) -> assertThat(run.at("/orchestration_status/status/code").asInt()).isIn(64001, 64008));
	}

	@Test
	void aBodyThatIsNotJsonShouldAnswer400With11100() {
		Http.Answer answer = http().send("PATCH", P + "/runs", "{not json", KEY);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.body().at("/status/code").asInt()).isEqualTo(11100);
		assertThat(answer.body().get("pipeline_version_runs").isArray()).isTrue();
	}

}
