package io.runctl.security;

import io.runctl.testing.ApiKeys;
import io.runctl.testing.SecuredStack;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream token stays secret everywhere, even from an admin; the standard security
 * headers are sent; CORS is off by default; the OpenAPI description declares the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsAndHeadersTests extends SecuredStack {

	private static final String RUN = "/runs/" + Upstream.RUN;

	private static final String Q = "?" + Upstream.COORDINATES;

	@BeforeEach
	void upstreamAnswers() {
		upstream.resetAll();
		Upstream.runIs(upstream, 64001, "Running");
	}

	@Test
	void theUpstreamTokenShouldNeverBeShownEvenToAnAdmin(CapturedOutput output) throws Exception {
		// An upstream that echoes the token in its error must not make it leak either.
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(401, Upstream.error(11102, "Invalid key", "key " + Upstream.PAT + " refused"))));
		String[] adminPaths = { "/actuator/env", "/actuator/env/runctl.upstream.pat", "/actuator/configprops",
				"/actuator/configprops/runctl.upstream", "/actuator/prometheus", "/actuator/metrics", "/actuator/info",
				"/actuator/health", "/v3/api-docs", "/audit" };
		StringBuilder seen = new StringBuilder();
		seen.append(
				body(this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH).exchange()));
		for (String path : adminPaths) {
			MvcTestResult result = this.mvc.get().uri(path).header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH).exchange();
			assertThat(result).as(path).hasStatusOk();
			seen.append(body(result));
		}
		assertThat(seen.toString()).contains("runctl.upstream.pat")
			.contains("upstream_auth_failed")
			.doesNotContain(Upstream.PAT);
		assertThat(output.getAll()).doesNotContain(Upstream.PAT);
	}

	@Test
	void anAdminShouldSeeOrdinaryConfigurationValues() {
		assertThat(
				this.mvc.get().uri("/actuator/env/runctl.upstream.timeout").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.property.value")
			.isEqualTo("10s");
		assertThat(this.mvc.get().uri("/actuator/env/runctl.upstream.pat").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.property.value")
			.isEqualTo("******");
	}

	@Test
	void responsesShouldCarryTheStandardSecurityHeaders() {
		assertThat(this.mvc.get().uri(RUN + Q).header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatusOk()
			.hasHeader("X-Content-Type-Options", "nosniff")
			.hasHeader("X-Frame-Options", "DENY")
			.hasHeader("Referrer-Policy", "no-referrer")
			.hasHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY)
			.doesNotContainHeader("Strict-Transport-Security");
		assertThat(this.mvc.get().uri("/problems/forbidden")).hasStatusOk()
			.hasHeader("X-Frame-Options", "DENY")
			.containsHeader("Content-Security-Policy");
		assertThat(this.mvc.get().uri(RUN + Q).secure(true).header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatusOk()
			.containsHeader("Strict-Transport-Security");
	}

	@Test
	void corsShouldBeOffByDefault() {
		assertThat(this.mvc.options()
			.uri(RUN + "/pause")
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization"))
			.doesNotContainHeader("Access-Control-Allow-Origin");
		assertThat(this.mvc.get()
			.uri(RUN + Q)
			.header("Origin", "https://elsewhere.example")
			.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).doesNotContainHeader("Access-Control-Allow-Origin");
	}

	@Test
	void theOpenApiDescriptionShouldDeclareTheBearerKeyOnProtectedOperations() {
		MvcTestResult docs = this.mvc.get().uri("/v3/api-docs").exchange();
		assertThat(docs).hasStatusOk()
			.bodyJson()
			.extractingPath("$.components.securitySchemes.api-key.scheme")
			.isEqualTo("bearer");
		assertThat(docs).bodyJson().extractingPath("$.components.securitySchemes.api-key.type").isEqualTo("http");
		assertThat(docs).bodyJson()
			.extractingPath("$.paths['/runs/{run_id}/pause'].post.security[0].api-key")
			.isNotNull();
		assertThat(docs).bodyJson()
			.extractingPath("$.paths['/runs/{run_id}/pause'].post.x-required-role")
			.isEqualTo("operator");
		assertThat(docs).bodyJson().extractingPath("$.paths['/audit'].get.x-required-role").isEqualTo("admin");
		assertThat(docs).bodyJson().doesNotHavePath("$.paths['/problems/{slug}'].get.security");
	}

	private static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
