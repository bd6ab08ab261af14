package io.runctl.web;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations endpoints: health with its probe groups, info with build info, prometheus
 * with the service's own metrics; beyond those only the admin-only metrics, env and
 * configprops of issue 5 (their access rules are tested with security).
 */
class ActuatorTests extends UpstreamWebTest {

	@Test
	void healthShouldBeUp() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
	void probeGroupsShouldBeUp(String path) {
		assertThat(this.mvc.get().uri(path)).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("UP");
	}

	@Test
	void infoShouldCarryBuildInfo() {
		assertThat(this.mvc.get().uri("/actuator/info")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"build\": {\"artifact\": \"runctl\", \"group\": \"io.runctl\"}}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/beans", "/actuator/mappings", "/actuator/loggers", "/actuator/threaddump",
			"/actuator/heapdump", "/actuator/shutdown" })
	void otherEndpointsShouldNotBeExposed(String path) {
		assertThat(this.mvc.get().uri(path)).hasStatus(404).hasContentType("application/problem+json");
	}

	@Test
	void actuatorRootShouldListOnlyTheExposedEndpoints() {
		assertThat(this.mvc.get().uri("/actuator")).hasStatusOk()
			.bodyJson()
			.extractingPath("$._links")
			.asMap()
			.containsOnlyKeys("self", "health", "health-path", "info", "prometheus", "metrics",
					"metrics-requiredMetricName", "env", "env-toMatch", "configprops", "configprops-prefix");
	}

	@Test
	void prometheusShouldShowActionAndUpstreamMetricsAfterCalls() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		assertThat(this.mvc.post().uri(control("pause"))).hasStatusOk();
		Upstream.runIs(upstream, 64002, "Completed");
		assertThat(this.mvc.post().uri(control("resume"))).hasStatus(409);

		assertThat(this.mvc.get().uri("/actuator/prometheus")).hasStatusOk()
			.bodyText()
			.containsPattern("runctl_actions_total\\{[^}]*action=\"pause\"[^}]*outcome=\"changed\"[^}]*\\} [1-9]")
			.containsPattern(
					"runctl_actions_total\\{[^}]*action=\"resume\"[^}]*outcome=\"invalid_transition\"[^}]*\\} [1-9]")
			.containsPattern(
					"runctl_upstream_requests_seconds_count\\{[^}]*endpoint=\"get_run\"[^}]*outcome=\"success\"[^}]*\\} [1-9]")
			.containsPattern(
					"runctl_upstream_requests_seconds_count\\{[^}]*endpoint=\"patch_runs\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
	}

}
