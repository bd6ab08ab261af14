package io.runctl.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.runctl.run.IdempotencyStore.Claim;
import io.runctl.run.IdempotencyStore.StoredAnswer;
import io.runctl.testing.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link JdbcIdempotencyStore} promises, on any database it runs on: each subclass
 * gives a fresh database, migrated by Flyway as the service migrates it.
 */
abstract class IdempotencyStoreContract {

	private static final Duration RETENTION = Duration.ofHours(24);

	private static final Duration IN_FLIGHT = Duration.ofMinutes(2);

	private final MutableClock clock = MutableClock.at("2026-04-23T12:00:00Z");

	private final StoredAnswer answer = new StoredAnswer(200,
			"{\"action\":\"pause\",\"changed\":true,\"note\":\"ü\"}".getBytes(StandardCharsets.UTF_8), false);

	private JdbcClient jdbc;

	private JdbcIdempotencyStore store;

	/** A database of its own for each test, empty. */
	abstract DataSource emptyDatabase();

	@BeforeEach
	void migrate() {
		DataSource database = emptyDatabase();
		Flyway.configure().dataSource(database).load().migrate();
		this.jdbc = JdbcClient.create(database);
		this.store = restart();
	}

	/**
	 * A new store on the same database: what a restarted instance, or another one, sees.
	 */
	private JdbcIdempotencyStore restart() {
		return new JdbcIdempotencyStore(this.jdbc, RETENTION, IN_FLIGHT, this.clock);
	}

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
	void completedClaimShouldReplayTheAnswerToTheByte() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOfSatisfying(Claim.Replay.class, (replay) -> {
			assertThat(replay.answer().status()).isEqualTo(200);
			assertThat(replay.answer().body()).isEqualTo(this.answer.body());
			assertThat(replay.answer().problem()).isFalse();
		});
	}

	@Test
	void problemAnswersShouldBeReplayedAsProblems() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, new StoredAnswer(409, "{\"status\":409}".getBytes(StandardCharsets.UTF_8), true));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOfSatisfying(Claim.Replay.class, (replay) -> {
			assertThat(replay.answer().status()).isEqualTo(409);
			assertThat(replay.answer().problem()).isTrue();
		});
	}

	@Test
	void answersShouldSurviveARestart() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		this.store.claim("flying", "cancel r2");

		JdbcIdempotencyStore restarted = restart();
		assertThat(restarted.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
		assertThat(restarted.claim("k", "cancel r1")).isInstanceOf(Claim.Reused.class);
		assertThat(restarted.claim("flying", "cancel r2")).isInstanceOf(Claim.InFlight.class);
	}

	@Test
	void sameKeyWithAnotherFingerprintShouldBeReused() {
		Claim.Granted k = granted("k", "pause r1");
		assertThat(this.store.claim("k", "cancel r1")).isInstanceOf(Claim.Reused.class);
		this.store.complete(k, this.answer);
		assertThat(this.store.claim("k", "pause r2")).isInstanceOf(Claim.Reused.class);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
	}

	@Test
	void releasedClaimShouldBeGrantedAgain() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.release(k);
		assertThat(rows()).isZero();
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void releaseShouldNotForgetACompletedAnswer() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		this.store.release(k);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
	}

	@Test
	void completeOfAnUnknownKeyShouldDoNothing() {
		this.store.complete(new Claim.Granted("never-claimed", "0".repeat(32)), this.answer);
		assertThat(rows()).isZero();
	}

	@Test
	void secondCompleteShouldNotReplaceTheFirstAnswer() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		this.store.complete(k, new StoredAnswer(409, "{}".getBytes(StandardCharsets.UTF_8), true));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOfSatisfying(Claim.Replay.class,
				(replay) -> assertThat(replay.answer().status()).isEqualTo(200));
	}

	@Test
	void answerShouldBeReplayedUntilTheRetentionEnds() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		this.clock.advance(RETENTION.minusSeconds(1));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Replay.class);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void expiredKeyMayBeUsedForAnotherRequest() {
		Claim.Granted k = granted("k", "pause r1");
		this.store.complete(k, this.answer);
		this.clock.advance(Duration.ofHours(25));
		assertThat(this.store.claim("k", "cancel r2")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void claimWithoutAnAnswerShouldBeAbandonedAfterTheInFlightTimeout() {
		this.store.claim("k", "pause r1");
		this.clock.advance(IN_FLIGHT.minusSeconds(1));
		assertThat(restart().claim("k", "pause r1")).isInstanceOf(Claim.InFlight.class);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(restart().claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);
	}

	@Test
	void lateAnswerOfAnAbandonedClaimShouldNotReplaceTheNewClaims() {
		Claim.Granted abandoned = granted("k", "pause r1");
		this.clock.advance(IN_FLIGHT);
		Claim.Granted retry = (Claim.Granted) restart().claim("k", "pause r1");
		assertThat(retry.id()).isNotEqualTo(abandoned.id());

		this.store.complete(abandoned, new StoredAnswer(502, "{}".getBytes(StandardCharsets.UTF_8), true));
		assertThat(this.store.claim("k", "pause r1")).as("the retry is still in flight")
			.isInstanceOf(Claim.InFlight.class);
		restart().complete(retry, this.answer);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOfSatisfying(Claim.Replay.class,
				(replay) -> assertThat(replay.answer().body()).isEqualTo(this.answer.body()));
	}

	@Test
	void lateReleaseOfAnAbandonedClaimShouldNotReleaseTheNewOne() {
		Claim.Granted abandoned = granted("k", "pause r1");
		this.clock.advance(IN_FLIGHT);
		assertThat(restart().claim("k", "pause r1")).isInstanceOf(Claim.Granted.class);

		this.store.release(abandoned);
		assertThat(this.store.claim("k", "pause r1")).isInstanceOf(Claim.InFlight.class);
	}

	@Test
	void expiredRowsShouldBePurged() {
		Claim.Granted old = granted("old", "a");
		this.store.complete(old, this.answer);
		this.store.claim("abandoned", "b");
		this.clock.advance(Duration.ofHours(12));
		Claim.Granted young = granted("young", "c");
		this.store.complete(young, this.answer);
		this.clock.advance(Duration.ofHours(12));
		this.store.claim("trigger", "d");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM idempotency_key").query(Long.class).single())
			.as("old and abandoned purged; young and trigger kept")
			.isEqualTo(2);
		assertThat(this.store.claim("young", "other")).isInstanceOf(Claim.Reused.class);
	}

	@Test
	void keysShouldBeStoredHashed() {
		this.store.claim("secret-looking-key", "pause r1");
		assertThat(this.jdbc.sql("SELECT key_hash, request_hash FROM idempotency_key")
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
			.single()).doesNotContain("secret-looking-key")
			.doesNotContain("pause")
			.matches("[0-9a-f]{64} [0-9a-f]{64}");
	}

	@Test
	void concurrentClaimsOfOneKeyShouldGrantExactlyOne() throws Exception {
		int callers = 8;
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			for (int round = 0; round < 10; round++) {
				String key = "race-" + round;
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Claim>> claims = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					JdbcIdempotencyStore instance = restart();
					Callable<Claim> claim = () -> {
						start.await();
						return instance.claim(key, "pause r1");
					};
					claims.add(threads.submit(claim));
				}
				start.countDown();
				List<Claim> answers = new ArrayList<>();
				for (Future<Claim> claim : claims) {
					answers.add(claim.get());
				}
				assertThat(answers).filteredOn(Claim.Granted.class::isInstance).as(key).hasSize(1);
				assertThat(answers).filteredOn(Claim.InFlight.class::isInstance).as(key).hasSize(callers - 1);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** Claims a key that must be new, for a test that goes on to answer or release it. */
	private Claim.Granted granted(String key, String fingerprint) {
		return (Claim.Granted) assertThat(this.store.claim(key, fingerprint)).isInstanceOf(Claim.Granted.class)
			.actual();
	}

	private long rows() {
		return this.jdbc.sql("SELECT COUNT(*) FROM idempotency_key").query(Long.class).single();
	}

}
