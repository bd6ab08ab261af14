package io.runctl.platform;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code upstreamCircuit} health component: the breaker's state, failure rate and
 * time until it probes again. An open breaker reports {@code CIRCUIT_OPEN}, a status the
 * health aggregation does not rank, so the service's own health and readiness stay UP:
 * the platform is what is down, not this instance, and taking every instance out of
 * rotation would turn quick 503 answers into connection errors.
 */
@Component("upstreamCircuitHealthIndicator")
class UpstreamCircuitHealthIndicator implements HealthIndicator {

	static final Status CIRCUIT_OPEN = new Status("CIRCUIT_OPEN", "The upstream is failing; calls are refused");

	static final Status CIRCUIT_HALF_OPEN = new Status("CIRCUIT_HALF_OPEN", "Probing whether the upstream is back");

	private final UpstreamCircuit circuit;

	UpstreamCircuitHealthIndicator(UpstreamCircuit circuit) {
		this.circuit = circuit;
	}

	@Override
	public Health health() {
		Status status = switch (this.circuit.state()) {
			case OPEN, FORCED_OPEN -> CIRCUIT_OPEN;
			case HALF_OPEN -> CIRCUIT_HALF_OPEN;
			case CLOSED, DISABLED, METRICS_ONLY -> Status.UP;
		};
		return Health.status(status)
			.withDetail("state", this.circuit.state().name())
			.withDetail("failure_rate", this.circuit.failureRate())
			.withDetail("retry_after_seconds", this.circuit.retryAfter().toSeconds())
			.build();
	}

}
