package io.runctl.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * The {@link IdempotencyStore} in the service's database (the audit trail's: an H2 file
 * by default, PostgreSQL in production). A retry gets its first answer again after a
 * restart, and from every instance that shares the database.
 * <p>
 * A claim is a row: inserting it is the claim, so two instances never both act for one
 * key. Keys and requests are stored as SHA-256 hashes. A claim that never got its answer
 * (its instance stopped in the middle of the call) is abandoned after the in-flight
 * timeout, and the key may act anew: safe, because every action re-reads the run. Each
 * claim has an id of its own, so the late answer of an abandoned claim cannot overwrite
 * or release the claim that replaced it.
 */
class JdbcIdempotencyStore implements IdempotencyStore {

	/** How often expired rows are deleted, at most. */
	static final Duration PURGE_EVERY = Duration.ofMinutes(10);

	private static final int CLAIM_ATTEMPTS = 3;

	/**
	 * A row no claim keeps: its answer is older than the retention, or its claim got no
	 * answer within the in-flight timeout.
	 */
	private static final String OVER = "(claimed_at <= :retainedSince OR (status IS NULL AND claimed_at <= :abandonedSince))";

	private final JdbcClient jdbc;

	private final Duration retention;

	private final Duration inFlightTimeout;

	private final Clock clock;

	private final AtomicReference<Instant> nextPurge;

	JdbcIdempotencyStore(JdbcClient jdbc, Duration retention, Duration inFlightTimeout, Clock clock) {
		this.jdbc = jdbc;
		this.retention = retention;
		this.inFlightTimeout = inFlightTimeout;
		this.clock = clock;
		this.nextPurge = new AtomicReference<>(clock.instant());
	}

	private record Row(String requestHash, @Nullable Integer status, @Nullable Boolean problem, @Nullable String body) {
	}

	@Override
	public Claim claim(String key, String fingerprint) {
		String keyHash = sha256(key);
		String requestHash = sha256(fingerprint);
		Instant now = this.clock.instant();
		purgeExpired(now);
		for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
			String claimId = newClaimId();
			if (insert(keyHash, requestHash, claimId, now)) {
				return new Claim.Granted(key, claimId);
			}
			if (forgetIfOver(keyHash, now)) {
				// Its row was over (answered too long ago, or claimed and abandoned):
				// claim anew.
				continue;
			}
			Optional<Row> found = find(keyHash);
			if (found.isEmpty()) {
				// Released since the insert failed: claim it again.
				continue;
			}
			Row row = found.get();
			if (!row.requestHash().equals(requestHash)) {
				return new Claim.Reused();
			}
			if (row.status() == null || row.body() == null) {
				return new Claim.InFlight();
			}
			return new Claim.Replay(new StoredAnswer(row.status(), row.body().getBytes(StandardCharsets.UTF_8),
					Boolean.TRUE.equals(row.problem())));
		}
		return new Claim.InFlight();
	}

	@Override
	public void complete(Claim.Granted claim, StoredAnswer answer) {
		this.jdbc.sql("""
				UPDATE idempotency_key SET status = :status, problem = :problem, body = :body
				WHERE key_hash = :key AND claim_id = :claim AND status IS NULL
				""")
			.param("status", answer.status())
			.param("problem", answer.problem())
			.param("body", new String(answer.body(), StandardCharsets.UTF_8))
			.param("key", sha256(claim.key()))
			.param("claim", claim.id())
			.update();
	}

	@Override
	public void release(Claim.Granted claim) {
		this.jdbc.sql("DELETE FROM idempotency_key WHERE key_hash = :key AND claim_id = :claim AND status IS NULL")
			.param("key", sha256(claim.key()))
			.param("claim", claim.id())
			.update();
	}

	private boolean insert(String keyHash, String requestHash, String claimId, Instant now) {
		try {
			this.jdbc.sql("""
					INSERT INTO idempotency_key (key_hash, request_hash, claim_id, claimed_at)
					VALUES (:key, :request, :claim, :claimedAt)
					""")
				.param("key", keyHash)
				.param("request", requestHash)
				.param("claim", claimId)
				.param("claimedAt", utc(now))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private Optional<Row> find(String keyHash) {
		return this.jdbc.sql("SELECT request_hash, status, problem, body FROM idempotency_key WHERE key_hash = :key")
			.param("key", keyHash)
			.query((rs, row) -> new Row(rs.getString("request_hash"), (Integer) rs.getObject("status", Integer.class),
					(Boolean) rs.getObject("problem", Boolean.class), rs.getString("body")))
			.optional();
	}

	/**
	 * Deletes this key's row when no claim would keep it.
	 * @return whether there was one
	 */
	private boolean forgetIfOver(String keyHash, Instant now) {
		return over(this.jdbc.sql("DELETE FROM idempotency_key WHERE key_hash = :key AND " + OVER), now)
			.param("key", keyHash)
			.update() > 0;
	}

	/** Every {@link #PURGE_EVERY} at most, deletes all the rows no claim would keep. */
	private void purgeExpired(Instant now) {
		Instant due = this.nextPurge.get();
		if (now.isBefore(due) || !this.nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
			return;
		}
		over(this.jdbc.sql("DELETE FROM idempotency_key WHERE " + OVER), now).update();
	}

	/** Binds the instants before which {@link #OVER} holds. */
	private StatementSpec over(StatementSpec statement, Instant now) {
		return statement.param("retainedSince", utc(now.minus(this.retention)))
			.param("abandonedSince", utc(now.minus(this.inFlightTimeout)));
	}

	private static String newClaimId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
