package io.runctl.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: {@code burst} requests at once, refilled at
 * {@code requestsPerSecond}. Keeps one client from spending everyone's upstream budget.
 */
final class KeyRateLimiter {

	private record Bucket(double tokens, long refilledAt) {
	}

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double perNano;

	private final int burst;

	private final LongSupplier nanoTime;

	KeyRateLimiter(double requestsPerSecond, int burst, LongSupplier nanoTime) {
		this.perNano = requestsPerSecond / 1e9;
		this.burst = Math.max(1, burst);
		this.nanoTime = nanoTime;
	}

	boolean enabled() {
		return this.perNano > 0;
	}

	/**
	 * Takes a token for this key.
	 * @return empty when the request may go, else how long until a token is free
	 */
	Optional<Duration> acquire(String key) {
		if (!enabled()) {
			return Optional.empty();
		}
		long now = this.nanoTime.getAsLong();
		double[] missing = new double[1];
		this.buckets.compute(key, (name, bucket) -> {
			double tokens = (bucket == null) ? this.burst
					: Math.min(this.burst, bucket.tokens() + (now - bucket.refilledAt()) * this.perNano);
			if (tokens >= 1) {
				return new Bucket(tokens - 1, now);
			}
			missing[0] = 1 - tokens;
			return new Bucket(tokens, now);
		});
		if (missing[0] == 0) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofNanos((long) Math.ceil(missing[0] / this.perNano)));
	}

}
