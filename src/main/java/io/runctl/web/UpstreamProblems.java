package io.runctl.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.runctl.platform.PlatformException;

/**
 * Maps a typed upstream failure to the problem the API answers with (API.md section 6).
 */
public final class UpstreamProblems {

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private UpstreamProblems() {
	}

	public static ProblemException of(PlatformException failure) {
		return switch (failure.failure()) {
			case NOT_FOUND -> new ProblemException(ProblemType.RUN_NOT_FOUND, failure.getMessage(),
					upstreamFields(failure), null, failure);
			case THROTTLED -> new ProblemException(ProblemType.UPSTREAM_THROTTLED,
					"The upstream platform rate-limited this service; retry later.", Map.of(), retryAfter(failure),
					failure);
			case AUTH_FAILED -> new ProblemException(ProblemType.UPSTREAM_AUTH_FAILED,
					"The upstream platform refused this service's credentials (upstream code " + failure.upstreamCode()
							+ "). Ask the operator to check CLARIFAI_PAT and its scopes.",
					upstreamFields(failure), null, failure);
			case REJECTED -> new ProblemException(ProblemType.UPSTREAM_REJECTED, failure.getMessage(),
					upstreamFields(failure), null, failure);
			case UNAVAILABLE -> new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, failure.getMessage(), Map.of(),
					retryAfter(failure), failure);
			case TIMEOUT ->
				new ProblemException(ProblemType.UPSTREAM_TIMEOUT, failure.getMessage(), Map.of(), null, failure);
		};
	}

	private static Duration retryAfter(PlatformException failure) {
		return (failure.retryAfter() != null) ? failure.retryAfter() : DEFAULT_RETRY_AFTER;
	}

	private static Map<String, Object> upstreamFields(PlatformException failure) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("upstream_code", failure.upstreamCode());
		fields.put("upstream_description", failure.upstreamDescription());
		fields.put("upstream_details", failure.upstreamDetails());
		fields.put("upstream_request_id", failure.upstreamRequestId());
		return fields;
	}

}
