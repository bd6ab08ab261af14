package io.runctl.run;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
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

	private static final Logger log = LoggerFactory.getLogger(IdempotentControl.class);

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final IdempotencyStore store;

	/** The service's JSON settings, and problems written as HTTP answers write them. */
	private final JsonMapper json;

	IdempotentControl(IdempotencyStore store, JsonMapper json) {
		this.store = store;
		this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
	}

	/** Checks the header before anything else happens. */
	static void validate(@Nullable String key, HttpServletRequest request) {
		if (key != null && Collections.list(request.getHeaders(HEADER)).size() > 1) {
			// Two keys would be joined into one ("a,b") that neither retry sends again.
			throw new InvalidParameterException(HEADER, "Idempotency-Key must be given at most once.");
		}
		if (key != null && !KEY.matcher(key).matches()) {
			throw new InvalidParameterException(HEADER,
					"Idempotency-Key must be 1 to 128 visible ASCII characters without spaces.");
		}
	}

	/**
	 * Acts once per key. The store is a database, so it is used off the request's and the
	 * event loop's threads.
	 */
	Mono<ResponseEntity<?>> execute(@Nullable String key, String fingerprint, HttpServletRequest request,
			Supplier<Mono<ResponseEntity<?>>> action) {
		if (key == null) {
			return action.get();
		}
		return Blocking.call(() -> this.store.claim(key, fingerprint))
			.onErrorMap(IdempotentControl::unavailable)
			.flatMap((claim) -> {
				if (claim instanceof Claim.Granted granted) {
					return actOnce(granted, request, action);
				}
				if (claim instanceof Claim.Replay replay) {
					return Mono.just(send(replay.answer(), HttpHeaders.EMPTY, true));
				}
				if (claim instanceof Claim.InFlight) {
					return Mono.error(new ProblemException(ProblemType.REQUEST_IN_PROGRESS,
							"A request with this Idempotency-Key is still in progress; retry once it has finished."));
				}
				return Mono.error(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
						"This Idempotency-Key was already used for another request: another action, another run, "
								+ "or the same one with dry_run set otherwise."));
			});
	}

	private Mono<ResponseEntity<?>> actOnce(Claim.Granted claim, HttpServletRequest request,
			Supplier<Mono<ResponseEntity<?>>> action) {
		return Mono.defer(action)
			.<ResponseEntity<?>>onErrorResume((failure) -> Mono.just(Problems.render(failure, request)))
			.flatMap((answer) -> Blocking.<ResponseEntity<?>>call(() -> keepOrRelease(claim, answer)))
			.doOnCancel(() -> Blocking.run(() -> release(claim)));
	}

	/**
	 * Keeps the answer and sends the kept bytes, so a replay is the same answer to the
	 * byte; or releases the key for an answer a retry could change.
	 */
	private ResponseEntity<?> keepOrRelease(Claim.Granted claim, ResponseEntity<?> answer) {
		int status = answer.getStatusCode().value();
		Object body = answer.getBody();
		if (status == 429 || status >= 500 || body == null) {
			release(claim);
			return answer;
		}
		StoredAnswer kept = new StoredAnswer(status, this.json.writeValueAsBytes(body), body instanceof ProblemDetail);
		try {
			this.store.complete(claim, kept);
		}
		catch (RuntimeException ex) {
			log.error("The answer for an Idempotency-Key could not be kept; a retry answers request-in-progress "
					+ "until runctl.idempotency.in-flight-timeout, then acts anew", ex);
		}
		return send(kept, answer.getHeaders(), false);
	}

	private void release(Claim.Granted claim) {
		try {
			this.store.release(claim);
		}
		catch (RuntimeException ex) {
			log.error("An Idempotency-Key could not be released; it answers request-in-progress until it is abandoned",
					ex);
		}
	}

	private static ResponseEntity<byte[]> send(StoredAnswer answer, HttpHeaders headers, boolean replayed) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(answer.status())
			.headers(headers)
			.contentType(answer.problem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
		if (replayed) {
			builder.header(REPLAYED_HEADER, "true");
		}
		return builder.body(answer.body());
	}

	private static ProblemException unavailable(Throwable failure) {
		log.error("The Idempotency-Key store cannot be read; the control request is refused", failure);
		return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
				"Idempotency keys cannot be checked right now, so nothing was done. Retry later.", Map.of(),
				RETRY_AFTER, failure);
	}

}
