package io.runctl.run;

import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.run.IdempotencyStore.Claim;
import io.runctl.run.IdempotencyStore.StoredAnswer;
import io.runctl.web.InvalidParameterException;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;
import io.runctl.web.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} handling for control calls: the first answer for a key is kept
 * and sent again for a retry of the same request; the key with another request is
 * refused.
 * <p>
 * Answers that a retry could change (429 and 5xx: the upstream was throttled, failed or
 * timed out) are not kept: the key is released and a retry acts anew, which is safe
 * because every action re-reads the run and an action already done answers
 * {@code changed: false}.
 */
@Component
class IdempotentControl {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

	private final IdempotencyStore store;

	IdempotentControl(IdempotencyStore store) {
		this.store = store;
	}

	/** Checks the header before anything else happens. */
	static void validate(@Nullable String key) {
		if (key != null && !KEY.matcher(key).matches()) {
			throw new InvalidParameterException(HEADER,
					"Idempotency-Key must be 1 to 128 visible ASCII characters without spaces.");
		}
	}

	Mono<ResponseEntity<?>> execute(@Nullable String key, String fingerprint, HttpServletRequest request,
			Supplier<Mono<ResponseEntity<?>>> action) {
		if (key == null) {
			return action.get();
		}
		return Mono.defer(() -> {
			Claim claim = this.store.claim(key, fingerprint);
			if (claim instanceof Claim.Replay replay) {
				return Mono.just(replay(replay.answer()));
			}
			if (claim instanceof Claim.InFlight) {
				return Mono.error(new ProblemException(ProblemType.REQUEST_IN_PROGRESS,
						"A request with this Idempotency-Key is still in progress; retry once it has finished."));
			}
			if (claim instanceof Claim.Reused) {
				return Mono.error(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
						"This Idempotency-Key was already used for another action or another run."));
			}
			return actOnce(key, request, action);
		});
	}

	private Mono<ResponseEntity<?>> actOnce(String key, HttpServletRequest request,
			Supplier<Mono<ResponseEntity<?>>> action) {
		return Mono.defer(action)
			.<ResponseEntity<?>>onErrorResume((failure) -> Mono.just(Problems.render(failure, request)))
			.doOnNext((answer) -> keepOrRelease(key, answer))
			.doOnCancel(() -> this.store.release(key));
	}

	private void keepOrRelease(String key, ResponseEntity<?> answer) {
		int status = answer.getStatusCode().value();
		if (status == 429 || status >= 500 || answer.getBody() == null) {
			this.store.release(key);
		}
		else {
			this.store.complete(key, new StoredAnswer(status, answer.getBody()));
		}
	}

	private static ResponseEntity<?> replay(StoredAnswer answer) {
		MediaType type = (answer.body() instanceof ProblemDetail) ? MediaType.APPLICATION_PROBLEM_JSON
				: MediaType.APPLICATION_JSON;
		return ResponseEntity.status(answer.status())
			.contentType(type)
			.header(REPLAYED_HEADER, "true")
			.body(answer.body());
	}

}
