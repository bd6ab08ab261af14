package io.runctl.web;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edges of the contract found by an audit against API.md: the error path asked for
 * directly, and an upstream that writes an empty text where it means none.
 */
class ContractEdgeTests extends UpstreamWebTest {

	@Test
	void theErrorPathAskedForDirectlyShouldAnswerNotFound() {
		assertThat(this.mvc.get().uri("/error")).hasStatus(404)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/not-found\", \"status\": 404}");
	}

	@Test
	void aPathWithNothingThereShouldSaySoWithoutSpringsWording() {
		assertThat(this.mvc.get().uri("/runs/")).hasStatus(404)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"type\": \"/problems/not-found\", \"detail\": \"There is no resource at this path.\"}");
	}

	@Test
	void anEmptyUpstreamDescriptionShouldBeNullNeverEmpty() {
		Upstream.runIs(upstream, 64007, "");

		assertThat(this.mvc.get().uri(run())).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"state\": \"CONFLICT\", \"upstream_status\": {\"code\": 64007, \"description\": null}}");
	}

}
