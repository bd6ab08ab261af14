package io.runctl.platform;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a run's status history.
 */
public record PlatformStatusLog(int statusCode, @Nullable String message, @Nullable String triggeredBy,
		@Nullable Instant createdAt) {
}
