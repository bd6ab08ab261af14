package io.runctl.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRateLimiterTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void aKeyShouldGetItsBurstThenWaitForTheRefill() {
		KeyRateLimiter limiter = new KeyRateLimiter(2, 3, this.now::get);
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).contains(Duration.ofMillis(500));
		assertThat(limiter.acquire("b")).as("another key has its own bucket").isEmpty();
		this.now.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isPresent();
	}

	@Test
	void theBucketShouldNotFillBeyondTheBurst() {
		KeyRateLimiter limiter = new KeyRateLimiter(1, 2, this.now::get);
		limiter.acquire("a");
		this.now.addAndGet(Duration.ofHours(1).toNanos());
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isEmpty();
		assertThat(limiter.acquire("a")).isPresent();
	}

	@Test
	void aZeroRateShouldDisableTheLimit() {
		KeyRateLimiter limiter = new KeyRateLimiter(0, 1, this.now::get);
		for (int i = 0; i < 100; i++) {
			assertThat(limiter.acquire("a")).isEmpty();
		}
	}

}
