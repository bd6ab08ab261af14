package io.runctl.run;

/**
 * Remembers the first answer given for an {@code Idempotency-Key}, so that a retry gets
 * it again instead of acting twice. Kept in the service's database
 * ({@link JdbcIdempotencyStore}), so it outlives a restart and is shared by the instances
 * that share the database.
 */
public interface IdempotencyStore {

	/**
	 * Claims the key for a request with this fingerprint.
	 * @return {@link Claim.Granted} when the caller should act, otherwise what to answer
	 * instead
	 */
	Claim claim(String key, String fingerprint);

	/** Stores the answer of a granted claim, to be replayed while it is retained. */
	void complete(String key, StoredAnswer answer);

	/**
	 * Gives a granted claim up without an answer: the next request with the key acts
	 * anew.
	 */
	void release(String key);

	/**
	 * An answer as it was sent: its status and its JSON body, a problem
	 * ({@code application/problem+json}) or not.
	 */
	record StoredAnswer(int status, byte[] body, boolean problem) {
	}

	/** What a claim found. */
	sealed interface Claim {

		/** The key is new: act, then complete or release it. */
		record Granted() implements Claim {
		}

		/** The same request was answered before: send this again. */
		record Replay(StoredAnswer answer) implements Claim {
		}

		/** The same key is still being processed. */
		record InFlight() implements Claim {
		}

		/** The key was used for another request. */
		record Reused() implements Claim {
		}

	}

}
