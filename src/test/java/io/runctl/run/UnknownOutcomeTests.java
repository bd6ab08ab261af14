package io.runctl.run;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PATCH whose outcome is unknown is never sent again: the run is read and the answer is
 * what actually happened.
 */
@SpringBootTest
@AutoConfigureMockMvc
class UnknownOutcomeTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "2s");
		registry.add("runctl.upstream.read-deadline", () -> "10s");
		registry.add("runctl.upstream.retry.min-backoff", () -> "20ms");
		registry.add("runctl.upstream.circuit-breaker.enabled", () -> "false");
	}

	@Autowired
	MockMvcTester mvc;

	@BeforeEach
	void warmUpAndReset() {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(this.mvc.get()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES)).hasStatusOk();
		upstream.resetAll();
	}

	@Test
	void pauseWhenPatchTimesOutButTheRunPausedShouldAnswerChanged() {
		runIsThenBecomes(64001, "Running", 64008, "Paused");
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused")).withFixedDelay(4000)));

		assertThat(pause()).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"action\":\"pause\",\"changed\":true,\"previous_state\":\"RUNNING\","
					+ "\"run\":{\"state\":\"PAUSED\"}}");
		upstream.verify(exactly(1), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void pauseWhenPatchConnectionIsResetButTheRunPausedShouldAnswerChanged() {
		runIsThenBecomes(64001, "Running", 64008, "Paused");
		upstream.stubFor(Upstream.patchRuns().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(pause()).hasStatusOk().bodyJson().extractingPath("run.state").isEqualTo("PAUSED");
		upstream.verify(exactly(1), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void pauseWhenPatchFailsWith503AndTheRunDidNotChangeShouldAnswerTheOriginalProblem() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(Upstream.patchRuns().willReturn(aResponse().withStatus(503)));

		assertThat(pause()).hasStatus(503)
			.bodyJson()
			.extractingPath("type")
			.isEqualTo("/problems/upstream-unavailable");
		upstream.verify(exactly(1), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void cancelWhenPatchTimesOutAndTheRereadFailsShouldAnswerTheTimeout() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("reread")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")))
			.willSetStateTo("down"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("reread")
			.whenScenarioStateIs("down")
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "gone"))));
		upstream.stubFor(Upstream.patchRuns().willReturn(aResponse().withFixedDelay(4000).withStatus(200)));

		assertThat(this.mvc.post()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "/cancel?" + Upstream.COORDINATES)).hasStatus(504)
			.bodyJson()
			.extractingPath("type")
			.isEqualTo("/problems/upstream-timeout");
		upstream.verify(exactly(1), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void pauseWhenPatchAnswersAnInternalErrorButTheRunPausedShouldAnswerChanged() {
		runIsThenBecomes(64001, "Running", 64008, "Paused");
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(500, Upstream.error(98004, "Internal error", "db timeout"))));

		assertThat(pause()).hasStatusOk().bodyJson().extractingPath("changed").isEqualTo(true);
		upstream.verify(exactly(1), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	private MockMvcTester.MockMvcRequestBuilder pause() {
		return this.mvc.post()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "/pause?" + Upstream.COORDINATES);
	}

	/** The first read sees one state, every later read the other. */
	private static void runIsThenBecomes(int code, String description, int laterCode, String laterDescription) {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("moves")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(body(code, description))
			.willSetStateTo("moved"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("moves")
			.whenScenarioStateIs("moved")
			.willReturn(body(laterCode, laterDescription)));
	}

	private static ResponseDefinitionBuilder body(int code, String description) {
		return Upstream.json(200, Upstream.getRunBody(Upstream.RUN, code, description));
	}

}
