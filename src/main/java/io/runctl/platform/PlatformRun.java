package io.runctl.platform;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A pipeline version run as the platform reports it, already out of the wire format.
 *
 * @param statusCode {@code orchestration_status.status.code}, {@code 0} when absent
 */
public record PlatformRun(String id, @Nullable String userId, @Nullable String appId, @Nullable String pipelineId,
		@Nullable String pipelineVersionId, int statusCode, @Nullable String statusDescription,
		@Nullable String statusDetails, @Nullable Instant createdAt, @Nullable Instant modifiedAt,
		@Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable Double totalRunDurationSeconds) {

	/** This run as it is after a status change the platform accepted. */
	public PlatformRun withStatus(int code, @Nullable String description, @Nullable Instant changedAt) {
		return new PlatformRun(this.id, this.userId, this.appId, this.pipelineId, this.pipelineVersionId, code,
				description, null, this.createdAt, (changedAt != null) ? changedAt : this.modifiedAt, this.startedAt,
				this.endedAt, this.totalRunDurationSeconds);
	}

	/**
	 * This run as the platform's answer to a status change reports it: the answer's
	 * status and every time it gives (a cancel's {@code ended_at}, say), the rest as read
	 * before.
	 */
	public PlatformRun changedBy(PlatformRun answer) {
		return new PlatformRun(this.id, this.userId, this.appId, this.pipelineId, this.pipelineVersionId,
				answer.statusCode, answer.statusDescription, answer.statusDetails, this.createdAt,
				either(answer.modifiedAt, this.modifiedAt), either(answer.startedAt, this.startedAt),
				either(answer.endedAt, this.endedAt),
				either(answer.totalRunDurationSeconds, this.totalRunDurationSeconds));
	}

	private static <T> @Nullable T either(@Nullable T preferred, @Nullable T otherwise) {
		return (preferred != null) ? preferred : otherwise;
	}

}
