package io.runctl.audit;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One control request on the audit trail, as {@code GET /audit} answers it.
 */
@Schema(description = "A control request on the audit trail")
record AuditRecord(@Schema(description = "Increasing id; use it as 'before' to read the next page") long id,
		@Schema(description = "When the request was recorded") Instant at,
		@Schema(description = "When the outcome of an attempted change was recorded") @Nullable Instant completedAt,
		@Schema(description = "The name of the API key", example = "ci-operator") String actor,
		@Schema(example = "pause") String action, String runId, @Nullable String userId, @Nullable String appId,
		@Nullable String pipelineId, @Nullable String pipelineVersionId, boolean dryRun, @Nullable String previousState,
		@Nullable String resultingState,
		@Schema(description = "attempted (the upstream change was sent and its outcome is not recorded), changed, "
				+ "unchanged, dry_run, invalid_transition, precondition_failed, forbidden, upstream_<failure> or error",
				example = "changed") String outcome,
		@Schema(description = "The HTTP status answered") @Nullable Integer status,
		@Schema(description = "The caller's reason") @Nullable String reason,
		@Schema(description = "Why it was refused or failed") @Nullable String detail, String requestId,
		@Schema(description = "The upstream's req_id, when it gave one") @Nullable String upstreamRequestId) {
}
