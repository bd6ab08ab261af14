package io.runctl.platform;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.runctl.platform.PlatformException.Failure;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.stereotype.Component;

/**
 * Retries of safe reads: after an outage or a throttle, again with jittered exponential
 * back-off and a cap, all within the caller's overall read deadline. A throttled read
 * waits out the platform's Retry-After first. A retry that could not finish before the
 * deadline is not started: the caller gets the last failure instead. Never used for a
 * change.
 */
@Component
class ReadRetry {

	private final ResilienceProperties properties;

	ReadRetry(ResilienceProperties properties) {
		this.properties = properties;
	}

	<T> Mono<T> read(String endpoint, Mono<T> attempt) {
		Duration deadline = this.properties.readDeadline();
		return Mono.defer(() -> {
			long endsAt = System.nanoTime() + deadline.toNanos();
			AtomicReference<Throwable> last = new AtomicReference<>();
			return attempt.retryWhen(spec(endsAt).doBeforeRetry((signal) -> last.set(signal.failure())))
				.timeout(deadline)
				.onErrorMap(TimeoutException.class, (late) -> lastOrTimeout(endpoint, deadline, last.get(), late));
		});
	}

	/**
	 * The deadline cut a retry short: the answer is what the earlier attempts met (e.g. a
	 * reset platform stays "unavailable"), or a timeout when that is what they met too.
	 */
	private static Throwable lastOrTimeout(String endpoint, Duration deadline, @Nullable Throwable last,
			TimeoutException late) {
		if (last instanceof PlatformException platform && platform.failure() != Failure.TIMEOUT) {
			return platform;
		}
		return PlatformException.of(Failure.TIMEOUT, "The upstream did not answer " + endpoint
				+ " within the read deadline of " + deadline.toMillis() + " ms.", late);
	}

	private RetryBackoffSpec spec(long endsAt) {
		ResilienceProperties.Retry retry = this.properties.retry();
		return Retry.backoff(retry.maxRetries(), retry.minBackoff())
			.maxBackoff(retry.maxBackoff())
			.jitter(retry.jitter())
			.filter((failure) -> worthRetrying(failure, endsAt))
			.doBeforeRetryAsync((signal) -> throttleWait(signal.failure()))
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private boolean worthRetrying(Throwable failure, long endsAt) {
		if (!(failure instanceof PlatformException platform) || !retryable(platform)) {
			return false;
		}
		Duration needed = this.properties.retry().minBackoff().plus(throttleDelay(platform));
		return System.nanoTime() + needed.toNanos() < endsAt;
	}

	/** Outages and throttles; never a refusal, never a call the open breaker stopped. */
	static boolean retryable(PlatformException failure) {
		return failure.isOutage() || failure.failure() == Failure.THROTTLED;
	}

	private static Mono<Void> throttleWait(Throwable failure) {
		Duration delay = (failure instanceof PlatformException platform) ? throttleDelay(platform) : Duration.ZERO;
		return delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
	}

	private static Duration throttleDelay(PlatformException failure) {
		if (failure.failure() != Failure.THROTTLED || failure.retryAfter() == null) {
			return Duration.ZERO;
		}
		return failure.retryAfter();
	}

}
