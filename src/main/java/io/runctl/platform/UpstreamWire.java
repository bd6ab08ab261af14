package io.runctl.platform;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The upstream's JSON wire format (CLARIFAI_API.md sections 2, 4 and 8): snake_case
 * names, unknown fields ignored, codes as numbers or enum names. These records never
 * leave this package.
 * <p>
 * Every record read from the upstream carries {@code ignoreUnknown}: without it Jackson
 * copies each unknown field (the run's spec, nodepools, Argo status...) into a token
 * buffer before dropping it, which doubled the bytes allocated per decoded run
 * (BENCHMARKS.md, "Profile-driven changes").
 */
final class UpstreamWire {

	private UpstreamWire() {
	}

	interface Enveloped {

		@Nullable Status status();

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Status(@JsonProperty("code") @Nullable Object rawCode, @Nullable String description,
			@Nullable String details, @Nullable String reqId) {

		/**
		 * The code as a number; an enum name is looked up, anything unreadable is
		 * {@code -1}.
		 */
		int code() {
			if (this.rawCode instanceof Number number) {
				return number.intValue();
			}
			if (this.rawCode instanceof String name) {
				if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() < 10) {
					return Integer.parseInt(name);
				}
				return StatusCodes.byName(name);
			}
			return (this.rawCode == null) ? 0 : -1;
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record RunResponse(@Nullable Status status, @Nullable PipelineVersionRun pipelineVersionRun) implements Enveloped {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record RunsResponse(@Nullable Status status,
			@Nullable List<PipelineVersionRun> pipelineVersionRuns) implements Enveloped {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PipelineVersionRun(@Nullable String id, @Nullable PipelineVersion pipelineVersion,
			@Nullable OrchestrationStatus orchestrationStatus, @Nullable String userId, @Nullable String appId,
			@Nullable String createdAt, @Nullable String modifiedAt, @Nullable String startedAt,
			@Nullable String endedAt, @Nullable String totalRunDuration) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PipelineVersion(@Nullable String id, @Nullable String pipelineId, @Nullable String appId,
			@Nullable String userId) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrchestrationStatus(@Nullable Status status) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record LogEntriesResponse(@Nullable Status status, @Nullable List<LogEntry> logEntries, @Nullable Integer page,
			@Nullable Integer perPage) implements Enveloped {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record LogEntry(@Nullable String message, @Nullable String logType, @Nullable String url) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record StatusLogsResponse(@Nullable Status status,
			@Nullable List<StatusLog> pipelineVersionRunStatusLogs) implements Enveloped {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record StatusLog(@Nullable String id, @Nullable String pipelineVersionRunId, @Nullable Status status,
			@Nullable String message, @Nullable String triggeredByUserId, @Nullable String createdAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record BaseResponse(@Nullable Status status) implements Enveloped {
	}

	/** The PATCH body, exactly as the SDK sends it (CLARIFAI_API.md section 8.3). */
	record PatchRunsRequest(UserAppId userAppId, List<PatchedRun> pipelineVersionRuns, String action) {

		static PatchRunsRequest overwrite(String userId, String appId, String runId, int code) {
			return new PatchRunsRequest(new UserAppId(userId, appId),
					List.of(new PatchedRun(runId, new PatchedStatus(new Code(code)))), "overwrite");
		}

	}

	record UserAppId(String userId, String appId) {
	}

	record PatchedRun(String id, PatchedStatus orchestrationStatus) {
	}

	record PatchedStatus(Code status) {
	}

	record Code(int code) {
	}

}
