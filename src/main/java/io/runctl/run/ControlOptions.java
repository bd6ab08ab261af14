package io.runctl.run;

import org.jspecify.annotations.Nullable;

/**
 * How a control action was asked for.
 *
 * @param reason why, kept with the action (at most 500 characters)
 * @param dryRun validate and answer without changing anything
 * @param ifMatch the ETag the caller expects the run to still have
 * @param requestId the request's id, for logs and audit
 * @param actor the name of the API key that asked, for logs and audit
 */
public record ControlOptions(@Nullable String reason, boolean dryRun, @Nullable String ifMatch, String requestId,
		String actor) {

	/** The actor of a request that carried no authenticated key. */
	public static final String ANONYMOUS = "anonymous";

	public ControlOptions(@Nullable String reason, boolean dryRun, @Nullable String ifMatch, String requestId) {
		this(reason, dryRun, ifMatch, requestId, ANONYMOUS);
	}

}
