package io.runctl.platform;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.runctl.platform.PlatformException.Failure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are outages (counted by the breaker, retried on reads, reconciled after
 * a change) and which are answers.
 */
class OutageClassificationTests {

	@Test
	void unreachableAndSlowAndInternalCodesShouldBeOutages() {
		assertThat(PlatformException.of(Failure.UNAVAILABLE, "reset", null).isOutage()).isTrue();
		assertThat(PlatformException.of(Failure.TIMEOUT, "slow", null).isOutage()).isTrue();
		for (int code : new int[] { 10030, 40030, 40031, 40032, 98004, 98999 }) {
			assertThat(rejected(code).isOutage()).as("code %d", code).isTrue();
		}
	}

	@Test
	void refusalsShouldNotBeOutages() {
		assertThat(PlatformException.of(Failure.NOT_FOUND, "no run", null).isOutage()).isFalse();
		assertThat(PlatformException.of(Failure.AUTH_FAILED, "bad key", null).isOutage()).isFalse();
		assertThat(PlatformException.of(Failure.THROTTLED, "slow down", null).isOutage()).isFalse();
		assertThat(rejected(26302).isOutage()).isFalse();
		assertThat(rejected(10020).isOutage()).isFalse();
		assertThat(PlatformException.of(Failure.REJECTED, "not JSON", null).isOutage()).isFalse();
	}

	@Test
	void aCallTheOpenBreakerStoppedShouldNeitherBeAnOutageNorRetried() {
		CallNotPermittedException refused = CallNotPermittedException
			.createCallNotPermittedException(CircuitBreaker.ofDefaults("test"));
		PlatformException open = new PlatformException(Failure.UNAVAILABLE, "open", null, null, null, null, null,
				refused);

		assertThat(open.isCircuitOpen()).isTrue();
		assertThat(open.isOutage()).isFalse();
		assertThat(ReadRetry.retryable(open)).isFalse();
	}

	@Test
	void throttlesShouldBeRetriedOnReads() {
		assertThat(ReadRetry.retryable(PlatformException.of(Failure.THROTTLED, "slow down", null))).isTrue();
		assertThat(ReadRetry.retryable(rejected(26302))).isFalse();
	}

	private static PlatformException rejected(int code) {
		return new PlatformException(Failure.REJECTED, "refused", code, "description", null, null, null, null);
	}

}
