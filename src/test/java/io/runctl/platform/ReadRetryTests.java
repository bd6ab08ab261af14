package io.runctl.platform;

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
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads are retried after outages and throttles, never after refusals.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ReadRetryTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.timeout", () -> "3s");
		registry.add("runctl.upstream.read-deadline", () -> "10s");
		registry.add("runctl.upstream.retry.min-backoff", () -> "20ms");
		registry.add("runctl.upstream.circuit-breaker.enabled", () -> "false");
	}

	@Autowired
	MockMvcTester mvc;

	/**
	 * The first call in a fresh JVM on a busy machine can take seconds: make it before
	 * the journal counts.
	 */
	@BeforeEach
	void warmUpAndReset() {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(getRun()).hasStatusOk();
		upstream.resetAll();
	}

	@Test
	void getRunAfterTwo503sShouldRetryAndAnswerTheRun() {
		failThenRun(Upstream.json(503, "<html>busy</html>"), Upstream.json(503, ""));

		assertThat(getRun()).hasStatusOk().bodyJson().extractingPath("state").isEqualTo("RUNNING");
		upstream.verify(exactly(3), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunAfterResetAndInternalCodeShouldRetryAndAnswerTheRun() {
		failThenRun(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
				Upstream.json(500, Upstream.error(98004, "Internal error", "try later")));

		assertThat(getRun()).hasStatusOk();
		upstream.verify(exactly(3), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunWhenThrottledShouldWaitAndRetry() {
		failThenRun(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))
			.withHeader("Retry-After", "1"), Upstream.json(200, Upstream.error(10030, "Try again", "")));

		assertThat(getRun()).hasStatusOk();
		upstream.verify(exactly(3), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunWhenThrottledForLongerThanTheDeadlineShouldAnswerThrottledAtOnce() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))
				.withHeader("Retry-After", "30")));

		assertThat(getRun()).hasStatus(429).hasHeader("Retry-After", "30");
		upstream.verify(exactly(1), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunWhenNotFoundShouldNotRetry() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "no run"))));

		assertThat(getRun()).hasStatus(404);
		upstream.verify(exactly(1), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunWhenRefusedShouldNotRetry() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(400, Upstream.error(26302, "Invalid request", "bad"))));

		assertThat(getRun()).hasStatus(502).bodyJson().extractingPath("upstream_code").isEqualTo(26302);
		upstream.verify(exactly(1), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void getRunWhenAlwaysFailingShouldGiveUpAfterTheRetriesWithTheLastFailure() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withStatus(502)));

		assertThat(getRun()).hasStatus(503)
			.bodyJson()
			.extractingPath("type")
			.isEqualTo("/problems/upstream-unavailable");
		upstream.verify(exactly(4), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void listAndHistoryShouldRetryToo() {
		upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(Upstream.runsPath()))
			.inScenario("list")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("ok"));
		upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(Upstream.runsPath()))
			.inScenario("list")
			.whenScenarioStateIs("ok")
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64001, "Running"))));
		upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN)))
			.inScenario("history")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))
			.willSetStateTo("ok"));
		upstream.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN)))
			.inScenario("history")
			.whenScenarioStateIs("ok")
			.willReturn(
					Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":[]}")));

		assertThat(this.mvc.get().header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH).uri("/runs?" + Upstream.COORDINATES))
			.hasStatusOk();
		assertThat(this.mvc.get()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "/history?" + Upstream.COORDINATES)).hasStatusOk();
	}

	private MockMvcTester.MockMvcRequestBuilder getRun() {
		return this.mvc.get()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES);
	}

	private static void failThenRun(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder second) {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(first)
			.willSetStateTo("second"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("flaky")
			.whenScenarioStateIs("second")
			.willReturn(second)
			.willSetStateTo("healthy"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("flaky")
			.whenScenarioStateIs("healthy")
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))));
	}

}
