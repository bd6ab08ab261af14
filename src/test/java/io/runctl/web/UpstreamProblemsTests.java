package io.runctl.web;

import com.github.tomakehurst.wiremock.http.Fault;
import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream failures as the caller sees them: each mapped to its problem type and status
 * (API.md section 6).
 */
class UpstreamProblemsTests extends UpstreamWebTest {

	@ParameterizedTest(name = "HTTP {0} code {1} -> {3}")
	@CsvSource({ "404, 11101, 404, run-not-found", "404, 26300, 404, run-not-found",
			"401, 11009, 502, upstream-auth-failed", "401, 11008, 502, upstream-auth-failed",
			"401, 11102, 502, upstream-auth-failed", "403, 11007, 502, upstream-auth-failed",
			"400, 26302, 502, upstream-rejected", "200, 10020, 502, upstream-rejected",
			"500, 98004, 502, upstream-rejected" })
	void upstreamErrorShouldBecomeItsProblem(int http, int code, int status, String slug) {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(http, Upstream.error(code, "Some description", "some details"))));

		assertThat(this.mvc.get().uri(run())).hasStatus(status)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/" + slug + "\", \"status\": " + status
					+ ", \"instance\": \"/runs/" + Upstream.RUN + "\"}")
			.hasPathSatisfying("$.request_id", (id) -> assertThat(id).asString().isNotBlank());
	}

	@Test
	void unmappedCodeShouldCarryTheUpstreamFields() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(400, Upstream.error(26302, "Invalid request", "cannot do that"))));

		assertThat(this.mvc.get().uri(run())).hasStatus(502)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"type\": \"/problems/upstream-rejected\", \"title\": \"Upstream rejected the request\","
							+ " \"upstream_code\": 26302, \"upstream_description\": \"Invalid request\", "
							+ "\"upstream_details\": \"cannot do that\", \"upstream_request_id\": \"req-err-26302\"}");
	}

	@Test
	void throttledShouldAnswerTooManyRequestsWithRetryAfter() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))
				.withHeader("Retry-After", "9")));

		assertThat(this.mvc.get().uri(run())).hasStatus(429)
			.hasHeader("Retry-After", "9")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-throttled\", \"status\": 429}");
	}

	@Test
	void throttledWithoutRetryAfterShouldStillSetRetryAfter() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))));

		assertThat(this.mvc.get().uri(run())).hasStatus(429).containsHeader("Retry-After");
	}

	@Test
	void unreachableShouldAnswerServiceUnavailableWithRetryAfter() {
		upstream
			.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(this.mvc.get().uri(run())).hasStatus(503)
			.containsHeader("Retry-After")
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-unavailable\", \"status\": 503}");
	}

	@Test
	void htmlServerErrorShouldAnswerServiceUnavailableWithoutTheHtml() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "text/html")
				.withBody("<html><body>Bad gateway secret-internal-host</body></html>")));

		assertThat(this.mvc.get().uri(run())).hasStatus(503)
			.bodyText()
			.doesNotContain("<html>")
			.doesNotContain("secret-internal-host");
	}

	@Test
	void malformedJsonShouldAnswerUpstreamRejected() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(200, "{\"status\": {")));

		assertThat(this.mvc.get().uri(run())).hasStatus(502)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-rejected\"}");
	}

	@Test
	void emptyBodyShouldAnswerUpstreamRejected() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withStatus(200)));

		assertThat(this.mvc.get().uri(run())).hasStatus(502)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-rejected\"}");
	}

	@Test
	void problemsShouldNeverCarryAStackTraceOrClassName() {
		upstream
			.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThat(this.mvc.get().uri(run())).bodyText()
			.doesNotContain("Exception")
			.doesNotContain("at io.")
			.doesNotContain("reactor.");
	}

}
