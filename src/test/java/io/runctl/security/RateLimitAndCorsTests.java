package io.runctl.security;

import io.runctl.testing.ApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tight per-key rate limit (3 requests, then one every 100 s) and a configured CORS
 * origin.
 */
@SpringBootTest(properties = { "runctl.security.rate-limit.requests-per-second=0.01",
		"runctl.security.rate-limit.burst=3", "runctl.security.cors.allowed-origins=https://ops.example",
		"runctl.lock-file=target/no-lock-file.yaml", "runctl.upstream.base-url=http://127.0.0.1:9" })
@AutoConfigureMockMvc
class RateLimitAndCorsTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void aKeyBeyondItsBudgetShouldGetTooManyRequestsWhileOtherKeysGoOn() {
		for (int i = 0; i < 3; i++) {
			assertThat(audit(ApiKeys.ADMIN)).hasStatusOk();
		}
		assertThat(audit(ApiKeys.ADMIN)).hasStatus(429)
			.hasContentType("application/problem+json")
			.satisfies((result) -> assertThat(Long.parseLong(result.getResponse().getHeader("Retry-After")))
				.isBetween(1L, 100L))
			.bodyJson()
			.isLenientlyEqualTo("{\"type\":\"/problems/too-many-requests\",\"status\":429}");
		// Missing pipeline coordinates: the key got past the limit.
		assertThat(this.mvc.get().uri("/runs/x/history").header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatus(400);
		assertThat(this.mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
	}

	@Test
	void aConfiguredOriginShouldBeAllowedAndOthersNot() {
		assertThat(this.mvc.options()
			.uri("/runs/abc/pause")
			.header("Origin", "https://ops.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,idempotency-key")).hasStatusOk()
			.hasHeader("Access-Control-Allow-Origin", "https://ops.example");
		assertThat(this.mvc.options()
			.uri("/runs/abc/pause")
			.header("Origin", "https://elsewhere.example")
			.header("Access-Control-Request-Method", "POST")).doesNotContainHeader("Access-Control-Allow-Origin");
	}

	private MvcTestResult audit(String key) {
		return this.mvc.get().uri("/audit").header(ApiKeys.HEADER, ApiKeys.bearer(key)).exchange();
	}

}
