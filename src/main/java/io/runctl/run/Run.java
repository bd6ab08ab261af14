package io.runctl.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformRun;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The run resource of the API (API.md section 3).
 */
@Schema(description = "A pipeline version run and what can be done with it now")
public record Run(String id, String userId, String appId, String pipelineId, String pipelineVersionId, RunState state,
		boolean terminal,
		@Schema(description = "Actions the current state allows",
				example = "[\"pause\", \"cancel\"]") List<String> allowedActions,
		UpstreamStatus upstreamStatus, @Nullable Instant createdAt, @Nullable Instant modifiedAt,
		@Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable Double totalRunDurationSeconds) {

	/** The upstream's own status, for callers who need more than the state. */
	public record UpstreamStatus(int code, @Nullable String description) {
	}

	public static Run of(RunCoordinates coordinates, PlatformRun run) {
		RunState state = RunState.ofCode(run.statusCode());
		String id = run.id().isEmpty() ? coordinates.runId() : run.id();
		return new Run(id, coordinates.userId(), coordinates.appId(), coordinates.pipelineId(),
				coordinates.pipelineVersionId(), state, state.terminal(),
				state.allowedActions().stream().map(RunAction::label).toList(),
				new UpstreamStatus(run.statusCode(), run.statusDescription()), run.createdAt(), run.modifiedAt(),
				run.startedAt(), run.endedAt(), run.totalRunDurationSeconds());
	}

	/**
	 * The strong entity tag of this version of the run: its state and its modification
	 * time.
	 */
	public String etag() {
		String version = this.state + "|" + this.upstreamStatus.code() + "|" + this.modifiedAt;
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(version.getBytes(StandardCharsets.UTF_8));
			return "\"" + HexFormat.of().formatHex(digest, 0, 10) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
