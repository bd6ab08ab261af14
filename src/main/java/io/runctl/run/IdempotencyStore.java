package io.runctl.run;

/**
 * Remembers the first answer given for an {@code Idempotency-Key}, so that a retry gets
 * it again instead of acting twice. In memory by default; a shared store (Redis, a
 * database) can replace it behind this interface.
 */
public interface IdempotencyStore {

	/**
	 * Claims the key for a request with this fingerprint.
	 * @return {@link Claim.Granted} when the caller should act, otherwise what to answer
	 * instead
	 */
	Claim claim(String key, String fingerprint);

	/** Stores the answer of a granted claim, to be replayed for 24 hours. */
	void complete(String key, StoredAnswer answer);

	/**
	 * Gives a granted claim up without an answer: the next request with the key acts
	 * anew.
	 */
	void release(String key);

	/** An answer as it was sent: status and body. */
	record StoredAnswer(int status, Object body) {
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
