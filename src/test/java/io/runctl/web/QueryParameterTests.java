package io.runctl.web;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query parameter given twice or without a value is refused before anything happens: an
 * empty {@code dry_run} is not a real action, a second {@code page} is not ignored
 * ({@code state} may repeat: {@code RunReadTests}). And the API answers JSON only.
 */
class QueryParameterTests extends UpstreamWebTest {

	private static final String RUN = "/runs/" + Upstream.RUN;

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({ "POST, /cancel?dry_run=, dry_run", "POST, /cancel?dry_run, dry_run",
			"POST, /pause?dry_run=true&dry_run=false, dry_run", "GET, ?page=, page", "GET, ?page=1&page=2, page",
			"GET, ?per_page=3&per_page=4, per_page", "GET, ?state=, state", "GET, ?state=RUNNING&state=, state",
			"GET, /history?user_id=, user_id", "GET, /monitor?timeout=, timeout",
			"GET, /monitor?logs=true&logs=false, logs", "GET, /monitor?monitor_interval=, monitor_interval" })
	void anEmptyOrRepeatedQueryParameterShouldAnswerInvalidParameterWithoutCallingUpstream(String method, String target,
			String parameter) {
		String path = (target.startsWith("?") && method.equals("GET") && !target.contains("user_id"))
				? "/runs" + target + "&" + Upstream.COORDINATES
				: RUN + target + (target.contains("?") ? "&" : "?") + Upstream.COORDINATES;

		assertThat(method.equals("POST") ? this.mvc.post().uri(path) : this.mvc.get().uri(path)).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"" + parameter + "\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST, /pause?dryRun=true, dryRun", "POST, /cancel?DRY_RUN=true, DRY_RUN", "GET, ?foo=1, foo",
			"GET, /monitor?interval=1, interval" })
	void aParameterTheEndpointDoesNotTakeShouldAnswerInvalidParameterWithoutCallingUpstream(String method,
			String target, String parameter) {
		String path = target.startsWith("?") ? "/runs" + target + "&" + Upstream.COORDINATES
				: RUN + target + "&" + Upstream.COORDINATES;

		assertThat(method.equals("POST") ? this.mvc.post().uri(path) : this.mvc.get().uri(path)).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"" + parameter + "\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void aBodyFieldTheActionDoesNotTakeShouldAnswerInvalidParameterWithoutCallingUpstream() {
		assertThat(this.mvc.post()
			.uri(RUN + "/pause?" + Upstream.COORDINATES)
			.contentType("application/json")
			.content("{\"dry_run\": true}")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"body\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "application/yaml", "application/problem+json", "application/vnd.foo+json", "text/html" })
	void anAnswerInAnotherFormatThanJsonShouldBeNotAcceptable(String accept) {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.get().uri(RUN + "?" + Upstream.COORDINATES).header("Accept", accept)).hasStatus(406)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/not-acceptable\"}");
	}

	@Test
	void jsonShouldBeAnsweredAsJson() {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.get()
			.uri(RUN + "?" + Upstream.COORDINATES)
			.header("Accept", "application/yaml;q=0.9, application/json;q=0.5")).hasStatusOk()
			.hasContentType("application/json");
	}

}
