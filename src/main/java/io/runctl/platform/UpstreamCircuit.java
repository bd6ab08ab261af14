package io.runctl.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.runctl.platform.PlatformException.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The circuit breaker around every upstream call. Only outages count as failures
 * ({@link PlatformException#isOutage()}): a platform that answers "not found" or "no" is
 * up. While open, calls fail at once with {@code UNAVAILABLE} and a Retry-After of the
 * time left before the breaker lets probes through again.
 */
@Component
public class UpstreamCircuit {

	private static final Logger log = LoggerFactory.getLogger(UpstreamCircuit.class);

	private final CircuitBreaker breaker;

	private final ResilienceProperties.CircuitBreaker settings;

	private final Clock clock;

	private volatile Instant openedAt = Instant.EPOCH;

	@Autowired
	UpstreamCircuit(ResilienceProperties properties) {
		this(properties.circuitBreaker(), Clock.systemUTC());
	}

	UpstreamCircuit(ResilienceProperties.CircuitBreaker settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.breaker = CircuitBreaker.of("upstream", config(settings));
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openedAt = this.clock.instant();
			}
			log.warn("Upstream circuit breaker {}", event.getStateTransition());
		});
	}

	private static CircuitBreakerConfig config(ResilienceProperties.CircuitBreaker settings) {
		return CircuitBreakerConfig.custom()
			.slidingWindow(settings.slidingWindowSize(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.openDuration())
			.permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
			.recordException((failure) -> failure instanceof PlatformException platform && platform.isOutage())
			.build();
	}

	/** The call, counted by the breaker, or refused at once while it is open. */
	<T> Mono<T> protect(Mono<T> call) {
		if (!this.settings.enabled()) {
			return call;
		}
		return call.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.onErrorMap(CallNotPermittedException.class, this::refusal);
	}

	/** CLOSED, OPEN or HALF_OPEN (resilience4j's names). */
	public CircuitBreaker.State state() {
		return this.breaker.getState();
	}

	/**
	 * The failure rate over the window in percent, or -1 while it holds too few calls.
	 */
	public float failureRate() {
		return this.breaker.getMetrics().getFailureRate();
	}

	/** How long until an open breaker lets probes through; zero when it is not open. */
	public Duration retryAfter() {
		if (this.breaker.getState() != CircuitBreaker.State.OPEN) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(this.clock.instant(), this.openedAt.plus(this.settings.openDuration()));
		return left.isNegative() ? Duration.ZERO : left;
	}

	private PlatformException refusal(CallNotPermittedException refused) {
		Duration left = retryAfter();
		Duration retryAfter = Duration.ofSeconds(Math.max(1, left.toSeconds() + ((left.toNanosPart() > 0) ? 1 : 0)));
		return new PlatformException(Failure.UNAVAILABLE,
				"The upstream is failing and its circuit breaker is open; no call was made. Retry in "
						+ retryAfter.toSeconds() + " s.",
				null, null, null, null, retryAfter, refused);
	}

}
