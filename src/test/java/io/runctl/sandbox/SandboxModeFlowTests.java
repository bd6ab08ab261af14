package io.runctl.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import io.runctl.pipeline.RunCoordinates;
import io.runctl.testing.ApiKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in sandbox mode, end to end over real HTTP: runctl's API, its platform
 * client, the sandbox behind it.
 */
@SandboxSpringTest
class SandboxModeFlowTests {

	@LocalServerPort
	int port;

	@Autowired
	SandboxRuns runs;

	@Autowired
	Clock clock;

	@Autowired
	SandboxBanner banner;

	@Test
	void theStartupLineShouldSayItIsTheSandboxAndHowToReachClarifai() {
		assertThat(this.banner.message()).contains("SANDBOX", "http://127.0.0.1:" + this.port + "/sandbox",
				"demo/sandbox/hello-pipeline/v1", "CLARIFAI_PAT", "CLARIFAI_API_BASE", "config-lock.yaml");
	}

	@Test
	void listingRunsWithoutCoordinatesShouldAnswerTheDemoRunsOfTheDemoPipeline() {
		SandboxRuns expected = new SandboxRuns(this.clock, 1.0, 7, Set.of(DemoRuns.PIPELINE));
		DemoRuns.seed(expected);
		List<String> demoIds = expected.list(DemoRuns.PIPELINE).stream().map(SimulatedRun::id).toList();

		Http.Answer answer = new Http(this.port).get("/runs?per_page=128", ApiKeys.HEADER, ApiKeys.VIEWER_AUTH);

		assertThat(answer.status()).isEqualTo(200);
		List<JsonNode> listed = StreamSupport.stream(answer.body().get("runs").spliterator(), false).toList();
		assertThat(listed).allSatisfy((run) -> {
			assertThat(run.get("user_id").asString()).isEqualTo("demo");
			assertThat(run.get("pipeline_id").asString()).isEqualTo("hello-pipeline");
		});
		List<JsonNode> demo = listed.stream().filter((run) -> demoIds.contains(run.get("id").asString())).toList();
		assertThat(demo).extracting((run) -> run.get("id").asString()).containsExactlyElementsOf(demoIds);
		assertThat(demo).extracting((run) -> run.get("state").asString())
			.containsExactly("QUEUED", "RUNNING", "RUNNING", "PAUSED", "CANCELLED", "FAILED", "COMPLETED");
	}

	@Test
	void theUserMeShouldBeTheSandboxsOneUser() {
		Http.Answer answer = new Http(this.port).get("/runs?user_id=me&state=COMPLETED", ApiKeys.HEADER,
				ApiKeys.VIEWER_AUTH);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("runs")).isNotEmpty();
		String id = answer.body().get("runs").get(0).get("id").asString();
		assertThat(new Http(this.port).get("/runs/" + id + "?user_id=me", ApiKeys.HEADER, ApiKeys.VIEWER_AUTH).status())
			.isEqualTo(200);
	}

	@Test
	void listingCompletedRunsShouldAnswerOnlyCompletedOnes() {
		Http.Answer answer = new Http(this.port).get("/runs?state=COMPLETED&per_page=128", ApiKeys.HEADER,
				ApiKeys.VIEWER_AUTH);

		assertThat(answer.status()).isEqualTo(200);
		List<JsonNode> listed = StreamSupport.stream(answer.body().get("runs").spliterator(), false).toList();
		assertThat(listed).isNotEmpty()
			.allSatisfy((run) -> assertThat(run.get("state").asString()).isEqualTo("COMPLETED"));
	}

	@Test
	void listingByAStateNoSimulatedRunReachesShouldAnswerNoRuns() {
		Http.Answer answer = new Http(this.port).get("/runs?state=UNEXPECTED_ERROR&state=CONFLICT", ApiKeys.HEADER,
				ApiKeys.VIEWER_AUTH);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().get("runs")).isEmpty();
	}

	@Test
	void pauseResumeAndCancelShouldWorkEndToEnd() {
		RunCoordinates run = new SandboxFixtures(this.runs).runIn(64001);
		Http http = new Http(this.port);
		String path = "/runs/" + run.runId();

		Http.Answer paused = http.send("POST", path + "/pause", "{\"reason\":\"maintenance\"}", ApiKeys.HEADER,
				ApiKeys.OPERATOR_AUTH);
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.body().get("previous_state").asString()).isEqualTo("RUNNING");
		assertThat(paused.body().at("/run/state").asString()).isEqualTo("PAUSED");
		assertThat(http.get(path, ApiKeys.HEADER, ApiKeys.VIEWER_AUTH).body().get("state").asString())
			.isEqualTo("PAUSED");

		Http.Answer resumed = http.send("POST", path + "/resume", "{}", ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH);
		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.body().at("/run/state").asString()).isEqualTo("RUNNING");

		Http.Answer cancelled = http.send("POST", path + "/cancel", "{\"reason\":\"done\"}", ApiKeys.HEADER,
				ApiKeys.OPERATOR_AUTH);
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.body().at("/run/state").asString()).isEqualTo("CANCELLED");
		assertThat(http.get(path, ApiKeys.HEADER, ApiKeys.VIEWER_AUTH).body().get("terminal").asBoolean()).isTrue();

		Http.Answer again = http.send("POST", path + "/resume", "{}", ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body().get("type").asString()).isEqualTo("/problems/invalid-transition");

		JsonNode history = http.get(path + "/history", ApiKeys.HEADER, ApiKeys.VIEWER_AUTH).body();
		List<String> states = StreamSupport.stream(history.spliterator(), false)
			.map((entry) -> entry.get("state").asString())
			.toList();
		assertThat(states).containsExactly("QUEUED", "RUNNING", "PAUSED", "RUNNING", "CANCELLED");
		assertThat(history.get(history.size() - 1).get("triggered_by").asString()).isEqualTo("demo");
	}

}
