package io.runctl.sandbox;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;

/**
 * The sandbox's own JSON records of the platform's wire format (CLARIFAI_API.md sections
 * 2, 4 and 8), written independently of the client's: snake_case names (the service's
 * naming strategy), codes as numbers, absent values omitted, the always-present lists
 * always present.
 */
final class SandboxWire {

	private SandboxWire() {
	}

	@JsonInclude(Include.NON_NULL)
	record Status(int code, String description, @Nullable String details, @Nullable String reqId) {
	}

	record RunResponse(Status status, Run pipelineVersionRun) {
	}

	record RunsResponse(Status status, List<Run> pipelineVersionRuns) {
	}

	@JsonInclude(Include.NON_NULL)
	record Run(String id, PipelineVersion pipelineVersion, List<Nodepool> nodepools,
			OrchestrationStatus orchestrationStatus, String userId, String appId, String createdAt, String modifiedAt,
			@Nullable String startedAt, @Nullable String endedAt, @Nullable String totalRunDuration) {
	}

	record PipelineVersion(String id, String appId, String userId, String pipelineId) {
	}

	record Nodepool(String id, ComputeCluster computeCluster) {
	}

	record ComputeCluster(String id, String userId) {
	}

	@JsonInclude(Include.NON_NULL)
	record OrchestrationStatus(@Nullable ArgoStatus argoStatus, RunStatus status) {
	}

	record ArgoStatus(String status) {
	}

	@JsonInclude(Include.NON_NULL)
	record RunStatus(int code, String description, @Nullable String details) {
	}

	record LogsResponse(Status status, List<LogEntry> logEntries, int page, int perPage) {
	}

	record LogEntry(String message, String logType, String url, LogMeta meta) {
	}

	record LogMeta(UserAppId userAppId, String pipelineId, String pipelineVersionId, String pipelineVersionRunId) {
	}

	record UserAppId(String userId, String appId) {
	}

	record StatusLogsResponse(Status status, List<StatusLog> pipelineVersionRunStatusLogs) {
	}

	@JsonInclude(Include.NON_NULL)
	record StatusLog(String id, String pipelineVersionRunId, RunStatus status, @Nullable String message,
			String triggeredByUserId, String createdAt) {
	}

	/** {@code PatchPipelineVersionRunsRequest}: the ids come from the path. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record PatchRequest(@Nullable String action, @Nullable List<PatchedRun> pipelineVersionRuns) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PatchedRun(@Nullable String id, @Nullable PatchedStatus orchestrationStatus) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PatchedStatus(@Nullable Code status) {
	}

	/** A code as a request may send it: a number or an enum name. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Code(@Nullable Object code) {
	}

	/** {@code PostPipelineVersionRunsRequest}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record PostRequest(@Nullable List<NewRun> pipelineVersionRuns) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record NewRun(@Nullable String id, @Nullable ArgsOverride inputArgsOverride) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ArgsOverride(@Nullable ArgoArgs argoArgsOverride) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ArgoArgs(@Nullable List<Parameter> parameters) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Parameter(@Nullable String name, @Nullable String value) {
	}

}
