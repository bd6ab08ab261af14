package io.runctl.web;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problems on any path: the pages at {@code /problems/<slug>}, unknown paths and methods,
 * and the request id.
 */
class ProblemResponsesTests extends UpstreamWebTest {

	@ParameterizedTest
	@EnumSource(ProblemType.class)
	void everyProblemTypeShouldHaveAPage(ProblemType type) {
		assertThat(this.mvc.get().uri(type.uri())).hasStatusOk()
			.hasContentTypeCompatibleWith("text/html")
			.bodyText()
			.contains(type.title())
			.contains(Integer.toString(type.status().value()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "missing-parameters", "invalid-parameter", "unauthorized", "forbidden", "run-not-found",
			"invalid-transition", "request-in-progress", "precondition-failed", "idempotency-key-reused",
			"upstream-throttled", "upstream-rejected", "upstream-auth-failed", "upstream-unavailable",
			"upstream-timeout" })
	void everySlugOfTheContractShouldExistWithItsStatus(String slug) {
		assertThat(ProblemType.ofSlug(slug)).isPresent();
		assertThat(this.mvc.get().uri("/problems/" + slug)).hasStatusOk();
	}

	@Test
	void contractStatusesShouldBeTheDocumentedOnes() {
		assertThat(ProblemType.MISSING_PARAMETERS.status().value()).isEqualTo(400);
		assertThat(ProblemType.INVALID_PARAMETER.status().value()).isEqualTo(400);
		assertThat(ProblemType.UNAUTHORIZED.status().value()).isEqualTo(401);
		assertThat(ProblemType.FORBIDDEN.status().value()).isEqualTo(403);
		assertThat(ProblemType.RUN_NOT_FOUND.status().value()).isEqualTo(404);
		assertThat(ProblemType.INVALID_TRANSITION.status().value()).isEqualTo(409);
		assertThat(ProblemType.REQUEST_IN_PROGRESS.status().value()).isEqualTo(409);
		assertThat(ProblemType.PRECONDITION_FAILED.status().value()).isEqualTo(412);
		assertThat(ProblemType.IDEMPOTENCY_KEY_REUSED.status().value()).isEqualTo(422);
		assertThat(ProblemType.UPSTREAM_THROTTLED.status().value()).isEqualTo(429);
		assertThat(ProblemType.UPSTREAM_REJECTED.status().value()).isEqualTo(502);
		assertThat(ProblemType.UPSTREAM_AUTH_FAILED.status().value()).isEqualTo(502);
		assertThat(ProblemType.UPSTREAM_UNAVAILABLE.status().value()).isEqualTo(503);
		assertThat(ProblemType.UPSTREAM_TIMEOUT.status().value()).isEqualTo(504);
	}

	@Test
	void unknownSlugShouldAnswerNotFoundProblem() {
		assertThat(this.mvc.get().uri("/problems/no-such-problem")).hasStatus(404)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/not-found\", \"status\": 404, "
					+ "\"instance\": \"/problems/no-such-problem\"}");
	}

	@Test
	void problemPageShouldEscapeWhatItShows() {
		assertThat(this.mvc.get().uri("/problems/<script>")).hasStatus(404).hasContentType("application/problem+json");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "text/html", "*/*" })
	void unknownPathShouldAnswerNotFoundProblemWhateverTheAcceptHeader(String accept) {
		assertThat(this.mvc.get().uri("/no/such/path").header("Accept", accept).header("X-Request-Id", "rid-404"))
			.hasStatus(404)
			.hasContentType("application/problem+json")
			.hasHeader("X-Request-Id", "rid-404")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/not-found\", \"title\": \"Not found\", \"status\": 404, "
					+ "\"instance\": \"/no/such/path\", \"request_id\": \"rid-404\"}");
	}

	@Test
	void wrongMethodShouldAnswerMethodNotAllowedProblem() {
		assertThat(this.mvc.get().uri(control("pause"))).hasStatus(405)
			.hasContentType("application/problem+json")
			.containsHeader("Allow")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/method-not-allowed\", \"status\": 405}");
		assertThat(this.mvc.delete().uri(run())).hasStatus(405);
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void unsupportedBodyTypeShouldAnswerAProblem() {
		assertThat(this.mvc.post().uri(control("pause")).contentType("text/plain").content("pause it")).hasStatus(415)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/unsupported-media-type\", \"status\": 415}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc-123", "A.b_c:d-9", "x" })
	void saneRequestIdShouldBeEchoed(String id) {
		assertThat(this.mvc.get().uri("/problems/invalid-parameter").header("X-Request-Id", id)).hasStatusOk()
			.hasHeader("X-Request-Id", id);
	}

	@Test
	void requestIdOf128CharactersShouldBeEchoed() {
		String id = "r".repeat(128);
		assertThat(this.mvc.get().uri("/problems/invalid-parameter").header("X-Request-Id", id))
			.hasHeader("X-Request-Id", id);
	}

	@ParameterizedTest
	@ValueSource(strings = { "has space", "<script>", "a\"b", "semi;colon", "" })
	void insaneRequestIdShouldBeReplaced(String id) {
		String answered = this.mvc.get()
			.uri("/no/such/path")
			.header("X-Request-Id", id)
			.exchange()
			.getResponse()
			.getHeader("X-Request-Id");
		assertThat(answered).isNotEqualTo(id).matches("[0-9a-f]{32}");
	}

	@Test
	void tooLongRequestIdShouldBeReplaced() {
		String id = "r".repeat(129);
		assertThat(this.mvc.get()
			.uri("/problems/invalid-parameter")
			.header("X-Request-Id", id)
			.exchange()
			.getResponse()
			.getHeader("X-Request-Id")).matches("[0-9a-f]{32}");
	}

	@Test
	void missingRequestIdShouldBeGeneratedAndBeTheProblemsRequestId() {
		var response = this.mvc.get().uri("/runs/" + Upstream.RUN).exchange();
		String header = response.getResponse().getHeader("X-Request-Id");
		assertThat(header).matches("[0-9a-f]{32}");
		assertThat(response).bodyJson().extractingPath("$.request_id").isEqualTo(header);
	}

	@Test
	void everyAnswerShouldCarryARequestId() {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(this.mvc.get().uri(run())).hasStatusOk().containsHeader("X-Request-Id");
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk().containsHeader("X-Request-Id");
	}

}
