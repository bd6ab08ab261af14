package io.runctl.platform;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The breaker opens on outages only, answers at once with Retry-After while open, shows
 * in health, and closes again after successful probes.
 */
@SpringBootTest
@AutoConfigureMockMvc
class UpstreamCircuitTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		Upstream.target(registry, upstream);
		registry.add("runctl.upstream.retry.max-retries", () -> "0");
		registry.add("runctl.upstream.circuit-breaker.enabled", () -> "true");
		registry.add("runctl.upstream.circuit-breaker.sliding-window-size", () -> "4");
		registry.add("runctl.upstream.circuit-breaker.minimum-calls", () -> "4");
		registry.add("runctl.upstream.circuit-breaker.open-duration", () -> "3s");
		registry.add("runctl.upstream.circuit-breaker.half-open-calls", () -> "1");
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	UpstreamCircuit circuit;

	@Test
	void outagesShouldOpenTheBreakerAndProbesShouldCloseIt() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withStatus(502)));
		for (int i = 0; i < 4; i++) {
			assertThat(getRun()).hasStatus(503);
		}
		assertThat(this.circuit.state().name()).isEqualTo("OPEN");
		upstream.resetRequests();

		assertThat(getRun()).hasStatus(503)
			.containsHeader("Retry-After")
			.bodyJson()
			.extractingPath("type")
			.isEqualTo("/problems/upstream-unavailable");
		upstream.verify(exactly(0), getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
		assertThat(this.mvc.get().header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH).uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("components.upstreamCircuit.status")
			.isEqualTo("CIRCUIT_OPEN");
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk();

		Upstream.runIs(upstream, 64001, "Running");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(getRun()).hasStatusOk());
		assertThat(this.circuit.state().name()).isEqualTo("CLOSED");
		assertThat(this.mvc.get().header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH).uri("/actuator/health")).bodyJson()
			.extractingPath("components.upstreamCircuit.status")
			.isEqualTo("UP");
	}

	@Test
	void refusalsShouldNotOpenTheBreaker() {
		upstream.stubFor(Upstream.getRun("missing")
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "no run"))));
		for (int i = 0; i < 6; i++) {
			assertThat(this.mvc.get()
				.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
				.uri("/runs/missing?" + Upstream.COORDINATES)).hasStatus(404);
		}
		assertThat(this.circuit.state().name()).isEqualTo("CLOSED");
	}

	@Test
	void upstreamPoolMetricsShouldBeExported() {
		Upstream.runIs(upstream, 64001, "Running");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(getRun()).hasStatusOk());

		assertThat(this.mvc.get().header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH).uri("/actuator/prometheus")).hasStatusOk()
			.bodyText()
			.containsPattern("reactor_netty_connection_provider_active_connections\\{[^}]*name=\"upstream\"");
	}

	private MockMvcTester.MockMvcRequestBuilder getRun() {
		return this.mvc.get()
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.uri("/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES);
	}

}
