package io.runctl.run;

import io.runctl.pipeline.PipelineCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * One control request as the audit trail keeps it.
 *
 * @param actor the name of the API key that asked
 * @param action {@code pause}, {@code resume} or {@code cancel}
 * @param pipeline the pipeline version, when it was known
 * @param previousState the run's state when the action was checked, when known
 * @param resultingState the run's state after the answer, when known
 * @param outcome what happened: {@code attempted}, {@code changed}, {@code unchanged},
 * {@code dry_run}, {@code invalid_transition}, {@code precondition_failed},
 * {@code forbidden}, {@code upstream_<failure>} or {@code error}
 * @param status the HTTP status answered, {@code null} while attempted
 * @param reason the caller's reason
 * @param detail why it was refused or failed
 * @param upstreamRequestId the upstream's {@code req_id}, when it gave one
 */
public record ControlRecord(String actor, String action, String runId, @Nullable PipelineCoordinates pipeline,
		boolean dryRun, @Nullable RunState previousState, @Nullable RunState resultingState, String outcome,
		@Nullable Integer status, @Nullable String reason, @Nullable String detail, String requestId,
		@Nullable String upstreamRequestId) {

	/** Outcome of a record written before the upstream is asked to change the run. */
	public static final String ATTEMPTED = "attempted";

	/** Outcome of a request refused because the key may not do it. */
	public static final String FORBIDDEN = "forbidden";

}
