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

	/**
	 * Stores the answer of a granted claim, to be replayed while it is retained; nothing
	 * when the claim is no longer the key's (abandoned, and the key claimed again).
	 */
	void complete(Claim.Granted claim, StoredAnswer answer);

	/**
	 * Gives a granted claim up without an answer: the next request with the key acts
	 * anew. Nothing when the claim is no longer the key's.
	 */
	void release(Claim.Granted claim);

	/**
	 * An answer as it was sent: its status and its JSON body, a problem
	 * ({@code application/problem+json}) or not.
	 */
	record StoredAnswer(int status, byte[] body, boolean problem) {
	}

	/** What a claim found. */
	sealed interface Claim {

		/**
		 * The key is new: act, then complete or release this claim.
		 *
		 * @param key the {@code Idempotency-Key}, as claimed
		 * @param id this claim's own id: a retry that claims the key again after the
		 * in-flight timeout gets another
		 */
		record Granted(String key, String id) implements Claim {
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
