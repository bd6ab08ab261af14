package io.runctl.web;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream that answers after the deadline: {@code 504 upstream-timeout}.
 */
@TestPropertySource(properties = "runctl.upstream.timeout=1s")
class UpstreamTimeoutTests extends UpstreamWebTest {

	@Test
	void slowUpstreamShouldAnswerGatewayTimeout() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(4000)));

		assertThat(this.mvc.get().uri(run())).hasStatus(504)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-timeout\", \"status\": 504}");
	}

	@Test
	void slowReadBeforeAControlShouldAnswerGatewayTimeoutWithoutPatching() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(4000)));

		assertThat(this.mvc.post().uri(control("pause"))).hasStatus(504);
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

}
