package io.runctl.platform;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;

/**
 * A typed failure of an upstream call. Callers decide from {@link #failure()} alone; the
 * upstream fields carry what the platform said, already stripped of any credential.
 */
public class PlatformException extends RuntimeException {

	/** What went wrong, in the terms the API answers with. */
	public enum Failure {

		/** The platform does not know the run or the pipeline. */
		NOT_FOUND,
		/** The platform rate-limited us. */
		THROTTLED,
		/** The platform refused our credentials or their scopes. */
		AUTH_FAILED,
		/**
		 * The platform answered with an error we cannot map, or with something that is
		 * not its format.
		 */
		REJECTED,
		/**
		 * The platform could not be reached, or reset the connection, or answered 5xx
		 * without a body.
		 */
		UNAVAILABLE,
		/** The platform did not answer within the deadline. */
		TIMEOUT

	}

	private final Failure failure;

	private final @Nullable Integer upstreamCode;

	private final @Nullable String upstreamDescription;

	private final @Nullable String upstreamDetails;

	private final @Nullable String upstreamRequestId;

	private final @Nullable Duration retryAfter;

	public PlatformException(Failure failure, String message, @Nullable Integer upstreamCode,
			@Nullable String upstreamDescription, @Nullable String upstreamDetails, @Nullable String upstreamRequestId,
			@Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.failure = failure;
		this.upstreamCode = upstreamCode;
		this.upstreamDescription = upstreamDescription;
		this.upstreamDetails = upstreamDetails;
		this.upstreamRequestId = upstreamRequestId;
		this.retryAfter = retryAfter;
	}

	public static PlatformException of(Failure failure, String message, @Nullable Throwable cause) {
		return new PlatformException(failure, message, null, null, null, null, null, cause);
	}

	public Failure failure() {
		return this.failure;
	}

	public @Nullable Integer upstreamCode() {
		return this.upstreamCode;
	}

	public @Nullable String upstreamDescription() {
		return this.upstreamDescription;
	}

	public @Nullable String upstreamDetails() {
		return this.upstreamDetails;
	}

	public @Nullable String upstreamRequestId() {
		return this.upstreamRequestId;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Whether repeating a safe read could succeed: the outage kinds, not the refusals.
	 */
	public boolean isTransient() {
		return switch (this.failure) {
			case THROTTLED, UNAVAILABLE, TIMEOUT -> true;
			case NOT_FOUND, AUTH_FAILED, REJECTED -> false;
		};
	}

	/**
	 * Whether the platform itself is failing (unreachable, too slow, 5xx, or one of its
	 * retryable codes), as opposed to answering with a refusal. Outages count against the
	 * circuit breaker, a read may be retried after one, and after one a change may or may
	 * not have been made. A call the open breaker did not let through is not an outage:
	 * it never reached the platform.
	 */
	public boolean isOutage() {
		return switch (this.failure) {
			case UNAVAILABLE, TIMEOUT -> !isCircuitOpen();
			case REJECTED -> this.upstreamCode != null && StatusCodes.isRetryable(this.upstreamCode);
			case NOT_FOUND, THROTTLED, AUTH_FAILED -> false;
		};
	}

	/** Whether the call was refused here, by the open circuit breaker. */
	public boolean isCircuitOpen() {
		return getCause() instanceof CallNotPermittedException;
	}

}
