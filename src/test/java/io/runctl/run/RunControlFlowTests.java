package io.runctl.run;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class RunControlFlowTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void pauseWhenRunIsRunningShouldPatchAndAnswerPaused() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		assertThat(this.mvc.post()
			.uri("/runs/" + Upstream.RUN + "/pause?" + Upstream.COORDINATES)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.contentType("application/json")
			.content("{\"reason\":\"quota\"}")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"action\":\"pause\",\"changed\":true,\"previous_state\":\"RUNNING\",\"dry_run\":false,"
							+ "\"run\":{\"id\":\"" + Upstream.RUN
							+ "\",\"state\":\"PAUSED\",\"allowed_actions\":[\"resume\",\"cancel\"]}}");

		upstream.verify(patchRequestedFor(urlPathEqualTo(Upstream.runsPath()))
			.withHeader("Authorization", equalTo("Key " + Upstream.PAT))
			.withRequestBody(equalToJson("{\"user_app_id\":{\"user_id\":\"acme-user\",\"app_id\":\"pipelines-app\"},"
					+ "\"pipeline_version_runs\":[{\"id\":\"" + Upstream.RUN
					+ "\",\"orchestration_status\":{\"status\":{\"code\":64008}}}],\"action\":\"overwrite\"}")));
	}

	@Test
	void pauseWhenRunIsCompletedShouldAnswerConflict() {
		Upstream.runIs(upstream, 64002, "Completed");

		assertThat(this.mvc.post()
			.uri("/runs/" + Upstream.RUN + "/pause?" + Upstream.COORDINATES)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)).hasStatus(409)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"type\":\"/problems/invalid-transition\",\"status\":409,\"current_state\":\"COMPLETED\","
							+ "\"action\":\"pause\",\"allowed_actions\":[],\"run_id\":\"" + Upstream.RUN + "\"}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void getRunShouldAnswerTheRunWithAnEtagAndEchoTheRequestId() {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.get()
			.uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES)
			.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)
			.header("X-Request-Id", "abc-123")).hasStatusOk()
			.hasHeader("X-Request-Id", "abc-123")
			.containsHeader("ETag")
			.bodyJson()
			.isLenientlyEqualTo("{\"id\":\"" + Upstream.RUN + "\",\"state\":\"RUNNING\",\"terminal\":false,"
					+ "\"allowed_actions\":[\"pause\",\"cancel\"],\"upstream_status\":{\"code\":64001,\"description\":\"Running\"},"
					+ "\"user_id\":\"acme-user\",\"pipeline_version_id\":\"" + Upstream.VERSION
					+ "\",\"total_run_duration_seconds\":65.1}");
	}

}
