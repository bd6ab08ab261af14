package io.runctl.security;

import java.util.stream.Stream;

import io.runctl.testing.ApiKeys;
import io.runctl.testing.SecuredStack;
import io.runctl.testing.Upstream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every role against every endpoint, unknown and missing keys, public paths and keys
 * limited to pipelines.
 */
class AccessRulesTests extends SecuredStack {

	private static final String RUN = "/runs/" + Upstream.RUN;

	private static final String Q = "?" + Upstream.COORDINATES;

	@BeforeEach
	void upstreamAnswers() {
		upstream.resetAll();
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[]}")));
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN)))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"status_logs\":[]}")));
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
	}

	/** Endpoint and the lowest role it needs. */
	static Stream<Arguments> endpoints() {
		return Stream.of(arguments(HttpMethod.GET, RUN + Q, Role.VIEWER),
				arguments(HttpMethod.GET, "/runs" + Q, Role.VIEWER),
				arguments(HttpMethod.GET, RUN + "/history" + Q, Role.VIEWER),
				arguments(HttpMethod.POST, RUN + "/pause" + Q + "&dry_run=true", Role.OPERATOR),
				arguments(HttpMethod.POST, RUN + "/resume" + Q + "&dry_run=true", Role.OPERATOR),
				arguments(HttpMethod.POST, RUN + "/cancel" + Q + "&dry_run=true", Role.OPERATOR),
				arguments(HttpMethod.GET, "/audit", Role.ADMIN), arguments(HttpMethod.GET, "/actuator/env", Role.ADMIN),
				arguments(HttpMethod.GET, "/actuator/configprops", Role.ADMIN),
				arguments(HttpMethod.GET, "/actuator/prometheus", Role.ADMIN),
				arguments(HttpMethod.GET, "/actuator/health", Role.ADMIN),
				arguments(HttpMethod.GET, "/actuator/info", Role.ADMIN));
	}

	@ParameterizedTest
	@MethodSource("endpoints")
	void eachRoleShouldReachExactlyTheEndpointsItAllows(HttpMethod method, String uri, Role needed) {
		for (Role role : Role.values()) {
			int status = call(method, uri, keyOf(role));
			if (role.compareTo(needed) >= 0) {
				assertThat(status).as("%s %s as %s", method, uri, role).isLessThan(400);
			}
			else {
				assertThat(status).as("%s %s as %s", method, uri, role).isEqualTo(403);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("endpoints")
	void withoutAKeyEveryProtectedEndpointShouldAnswerUnauthorized(HttpMethod method, String uri, Role needed) {
		assertThat(this.mvc.method(method).uri(uri)).hasStatus(401)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"runctl\"")
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/unauthorized\",\"status\":401}");
	}

	@ParameterizedTest
	@MethodSource("endpoints")
	void withAnUnknownKeyEveryProtectedEndpointShouldAnswerUnauthorized(HttpMethod method, String uri, Role needed) {
		assertThat(this.mvc.method(method).uri(uri).header(ApiKeys.HEADER, ApiKeys.bearer("not-a-key"))).hasStatus(401)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"runctl\", error=\"invalid_token\"");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void unauthorizedShouldBeAProblemWithTheRequestId() {
		assertThat(this.mvc.get().uri(RUN + Q).header("X-Request-Id", "sec-401")).hasStatus(401)
			.hasHeader("X-Request-Id", "sec-401")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"request_id\":\"sec-401\",\"instance\":\"" + RUN + "\"}");
	}

	@Test
	void forbiddenShouldBeAProblemWithTheRequestId() {
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)
			.header("X-Request-Id", "sec-403")).hasStatus(403)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/forbidden\",\"status\":403,\"request_id\":\"sec-403\"}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void theOperatorShouldPauseForReal() {
		assertThat(this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"action\":\"pause\",\"changed\":true}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void publicPathsShouldNeedNoKey() {
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/v3/api-docs")).hasStatusOk();
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk();
		assertThat(this.mvc.get().uri("/problems/forbidden")).hasStatusOk();
	}

	@Test
	void anUnknownPathShouldNeedAKeyAndThenBeNotFound() {
		assertThat(this.mvc.get().uri("/nothing-here")).hasStatus(401);
		assertThat(this.mvc.get().uri("/nothing-here").header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatus(404)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/not-found\"}");
	}

	@Test
	void anotherAuthorizationSchemeShouldCountAsNoKey() {
		assertThat(this.mvc.get().uri(RUN + Q).header(ApiKeys.HEADER, "Basic dXNlcjpwYXNz")).hasStatus(401)
			.hasHeader("WWW-Authenticate", "Bearer realm=\"runctl\"");
	}

	@Test
	void aLimitedKeyShouldReachItsPipeline() {
		assertThat(this.mvc.get().uri(RUN + Q).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.LIMITED))).hasStatusOk();
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q + "&dry_run=true")
			.header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.LIMITED))).hasStatusOk();
	}

	@Test
	void aLimitedKeyShouldBeRefusedOutsideItsPipelines() {
		assertThat(this.mvc.get().uri(RUN + Q).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/forbidden\"}");
		assertThat(this.mvc.get().uri("/runs" + Q).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403);
		assertThat(
				this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403);
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void aLimitedKeyShouldBeCheckedAgainstTheLockFileCoordinatesToo() {
		assertThat(this.mvc.get().uri(RUN).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.LIMITED))).hasStatusOk();
		assertThat(this.mvc.get().uri(RUN).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403);
		assertThat(this.mvc.post().uri(RUN + "/cancel").header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403);
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void theSameIdempotencyKeyFromTwoApiKeysShouldActForEach() {
		String key = "shared-idempotency-key-1";
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.header("Idempotency-Key", key)).hasStatusOk().doesNotContainHeader("Idempotent-Replayed");
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)
			.header("Idempotency-Key", key)).hasStatusOk().doesNotContainHeader("Idempotent-Replayed");
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)
			.header("Idempotency-Key", key)).hasStatusOk().hasHeader("Idempotent-Replayed", "true");
		upstream.verify(2, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	private int call(HttpMethod method, String uri, @Nullable String key) {
		MockMvcRequestBuilder request = this.mvc.method(method).uri(uri);
		if (key != null) {
			request.header(ApiKeys.HEADER, ApiKeys.bearer(key));
		}
		return request.exchange().getResponse().getStatus();
	}

	private static String keyOf(Role role) {
		return switch (role) {
			case VIEWER -> ApiKeys.VIEWER;
			case OPERATOR -> ApiKeys.OPERATOR;
			case ADMIN -> ApiKeys.ADMIN;
		};
	}

}
