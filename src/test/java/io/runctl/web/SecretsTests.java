package io.runctl.web;

import java.util.ArrayList;
import java.util.List;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream token never leaves the service: not in a response body or header, not in a
 * log line, not in a metric, even when the upstream echoes it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests extends UpstreamWebTest {

	private final List<MockHttpServletResponse> responses = new ArrayList<>();

	@Test
	void tokenShouldAppearInNoResponseHeaderLogOrMetric(CapturedOutput output) throws Exception {
		String echo = "key Key " + Upstream.PAT + " is not valid";

		Upstream.runIs(upstream, 64001, "Running " + Upstream.PAT);
		call(this.mvc.get().uri(run()));
		call(this.mvc.get().uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES + "&dry_run=" + Upstream.PAT));
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused by " + Upstream.PAT))));
		call(this.mvc.post().uri(control("pause")).header("Idempotency-Key", "secret-" + Upstream.PAT));
		call(this.mvc.post().uri(control("pause")).header("Idempotency-Key", "secret-" + Upstream.PAT));

		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(400, Upstream.error(26302, "Invalid request " + Upstream.PAT, echo))));
		call(this.mvc.post().uri(control("pause")));
		for (int code : new int[] { 11009, 11008, 11007, 11102, 11101, 11005, 10020 }) {
			upstream.stubFor(Upstream.getRun(Upstream.RUN)
				.willReturn(Upstream.json(401, Upstream.error(code, "Bad " + Upstream.PAT, echo))));
			call(this.mvc.get().uri(run()));
			call(this.mvc.post().uri(control("cancel")));
		}
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(503, "<html>" + echo + "</html>")));
		call(this.mvc.get().uri(run()));
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).willReturn(Upstream.json(401,
				"{\"status\":{\"code\":11009,\"description\":\"" + echo + "\"},\"pipeline_version_runs\":[]}")));
		call(this.mvc.get().uri("/runs?" + Upstream.COORDINATES));
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))).willReturn(Upstream.json(200,
				"{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":[{\"status\":{\"code\":64008},"
						+ "\"message\":\"" + echo + "\",\"triggered_by_user_id\":\"" + Upstream.PAT + "\"}]}")));
		call(this.mvc.get().uri("/runs/" + Upstream.RUN + "/history?" + Upstream.COORDINATES));
		call(this.mvc.get().uri("/actuator/prometheus"));
		call(this.mvc.get().uri("/actuator/health"));
		call(this.mvc.get().uri("/actuator/info"));
		call(this.mvc.get().uri("/v3/api-docs"));
		call(this.mvc.get().uri("/actuator/env"));
		call(this.mvc.get().uri("/actuator/configprops"));

		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))).withHeader("Authorization",
				equalTo("Key " + Upstream.PAT)));
		assertThat(this.responses).hasSize(28);
		for (MockHttpServletResponse response : this.responses) {
			assertThat(response.getContentAsString()).doesNotContain(Upstream.PAT);
			for (String name : response.getHeaderNames()) {
				assertThat(response.getHeaders(name)).noneMatch((value) -> value.contains(Upstream.PAT));
			}
		}
		assertThat(output.getAll()).doesNotContain(Upstream.PAT);
	}

	private void call(MockMvcRequestBuilder request) {
		this.responses.add(request.exchange().getResponse());
	}

}
