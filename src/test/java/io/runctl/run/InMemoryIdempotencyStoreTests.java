package io.runctl.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.runctl.run.IdempotencyStore.Claim;
import io.runctl.run.IdempotencyStore.StoredAnswer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryIdempotencyStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-04-23T12:00:00Z"));

	private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Duration.ofHours(24), 3, this.clock);

	private final StoredAnswer answer = new StoredAnswer(200, "first answer");

	@Test
	void firstClaimShouldBeGranted() {
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void claimWhileInFlightShouldAnswerInFlight() {
		this.store.claim("k", "pause r1");
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.InFlight.class);
	}

	@Test
	void completedClaimShouldReplayTheAnswer() {
		this.store.claim("k", "pause r1");
		this.store.complete("k", this.answer);
		assertThat(this.store.claim("k", "pause r1")).isEqualTo(new Claim.Replay(this.answer));
	}

	@Test
	void sameKeyWithAnotherFingerprintShouldBeReused() {
		this.store.claim("k", "pause r1");
		assertThat(this.store.claim("k", "cancel r1")).isInstanceOf(Claim.Reused.class);
		this.store.complete("k", this.answer);
		assertThat(this.store.claim("k", "pause r2")).isInstanceOf(Claim.Reused.class);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
	}

	@Test
	void releasedClaimShouldBeGrantedAgain() {
		this.store.claim("k", "pause r1");
		this.store.release("k");
		assertThat(this.store.size()).isZero();
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void releaseShouldNotForgetACompletedAnswer() {
		this.store.claim("k", "pause r1");
		this.store.complete("k", this.answer);
		this.store.release("k");
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
	}

	@Test
	void completeOfAnUnknownKeyShouldDoNothing() {
		this.store.complete("never-claimed", this.answer);
		assertThat(this.store.size()).isZero();
	}

	@Test
	void answerShouldBeReplayedUntilTheRetentionEnds() {
		this.store.claim("k", "pause r1");
		this.store.complete("k", this.answer);
		this.clock.advance(Duration.ofHours(24).minusSeconds(1));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void expiredKeyMayBeUsedForAnotherRequest() {
		this.store.claim("k", "pause r1");
		this.store.complete("k", this.answer);
		this.clock.advance(Duration.ofHours(25));
		assertThat(this.store.claim("k", "cancel r2")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void expiryShouldDropOnlyTheOldEntries() {
		this.store.claim("old", "a");
		this.clock.advance(Duration.ofHours(12));
		this.store.claim("young", "b");
		this.clock.advance(Duration.ofHours(12));
		assertThat(this.store.claim("old", "other")).isInstanceOf(Claim.Granted.class);
		assertThat(this.store.claim("young", "other")).isInstanceOf(Claim.Reused.class);
	}

	@Test
	void sizeShouldStayWithinTheBoundForgettingTheOldestFirst() {
		for (String key : new String[] { "k1", "k2", "k3", "k4", "k5" }) {
			this.store.claim(key, "f-" + key);
			this.store.complete(key, this.answer);
		}
		assertThat(this.store.size()).isEqualTo(3);
		assertThat(this.store.claim("k1", "other")).as("forgotten").isInstanceOf(Claim.Granted.class);
		assertThat(this.store.claim("k5", "f-k5")).as("kept").isInstanceOf(Claim.Replay.class);
		assertThat(this.store.size()).isEqualTo(3);
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
