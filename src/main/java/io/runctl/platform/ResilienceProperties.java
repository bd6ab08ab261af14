package io.runctl.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How upstream calls survive a failing platform: read retries within an overall deadline,
 * and the circuit breaker around every call. Bound from the same {@code runctl.upstream}
 * prefix as {@link PlatformProperties}.
 *
 * @param readDeadline the caller's overall deadline for a read, retries included (each
 * attempt still has its own {@code runctl.upstream.timeout})
 * @param retry how reads are retried
 * @param circuitBreaker when the breaker opens and for how long
 */
@ConfigurationProperties("runctl.upstream")
public record ResilienceProperties(@DefaultValue("20s") Duration readDeadline, @DefaultValue Retry retry,
		@DefaultValue CircuitBreaker circuitBreaker) {

	/**
	 * No retry and no breaker: every call is one attempt, for clients built by hand to
	 * look at single calls.
	 */
	static ResilienceProperties singleAttempts() {
		ResilienceProperties defaults = defaults();
		return new ResilienceProperties(defaults.readDeadline(),
				new Retry(0, defaults.retry().minBackoff(), defaults.retry().maxBackoff(), 0),
				new CircuitBreaker(false, 20, 10, 50, Duration.ofSeconds(30), 3));
	}

	/** The defaults, for clients built by hand (tests, tools). */
	static ResilienceProperties defaults() {
		return new ResilienceProperties(Duration.ofSeconds(20),
				new Retry(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5),
				new CircuitBreaker(true, 20, 10, 50, Duration.ofSeconds(30), 3));
	}

	/**
	 * @param maxRetries retries after the first attempt
	 * @param minBackoff the first back-off, doubled on every retry
	 * @param maxBackoff the cap on one back-off
	 * @param jitter the share (0 to 1) of each back-off that is random
	 */
	public record Retry(@DefaultValue("3") int maxRetries, @DefaultValue("200ms") Duration minBackoff,
			@DefaultValue("2s") Duration maxBackoff, @DefaultValue("0.5") double jitter) {
	}

	/**
	 * @param enabled whether upstream calls go through the breaker at all
	 * @param slidingWindowSize how many of the latest calls the failure rate is taken
	 * over
	 * @param minimumCalls how many calls the window must hold before the rate counts
	 * @param failureRateThreshold the failure rate, in percent, that opens the breaker
	 * @param openDuration how long the breaker stays open before it lets probes through
	 * @param halfOpenCalls how many probes decide whether it closes again
	 */
	public record CircuitBreaker(@DefaultValue("true") boolean enabled, @DefaultValue("20") int slidingWindowSize,
			@DefaultValue("10") int minimumCalls, @DefaultValue("50") float failureRateThreshold,
			@DefaultValue("30s") Duration openDuration, @DefaultValue("3") int halfOpenCalls) {
	}

}
