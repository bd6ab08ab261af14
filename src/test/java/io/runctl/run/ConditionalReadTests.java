package io.runctl.run;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional and negotiated reads of one run.
 */
class ConditionalReadTests extends UpstreamWebTest {

	@Test
	void ifNoneMatchWithTheCurrentEtagShouldAnswerNotModified() {
		Upstream.runIs(upstream, 64001, "Running");
		String etag = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");

		assertThat(this.mvc.get().uri(run()).header("If-None-Match", etag)).hasStatus(304).hasHeader("ETag", etag);
	}

	@Test
	void htmlOnlyAcceptShouldAnswerANotAcceptableProblemNotHtml() {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.get().uri(run()).header("Accept", "text/html")).hasStatus(406)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/not-acceptable\", \"status\": 406}");
	}

}
