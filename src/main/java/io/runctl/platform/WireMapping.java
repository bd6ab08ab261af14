package io.runctl.platform;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.runctl.platform.UpstreamWire.LogEntriesResponse;
import io.runctl.platform.UpstreamWire.PipelineVersionRun;
import io.runctl.platform.UpstreamWire.StatusLog;
import org.jspecify.annotations.Nullable;

/**
 * From the wire records to the records the rest of the service sees.
 */
final class WireMapping {

	private WireMapping() {
	}

	static PlatformRun run(PipelineVersionRun wire) {
		var status = (wire.orchestrationStatus() != null) ? wire.orchestrationStatus().status() : null;
		var version = wire.pipelineVersion();
		return new PlatformRun(Objects.requireNonNullElse(wire.id(), ""), wire.userId(), wire.appId(),
				(version != null) ? version.pipelineId() : null, (version != null) ? version.id() : null,
				(status != null) ? status.code() : 0, (status != null) ? blankToNull(status.description()) : null,
				(status != null) ? blankToNull(status.details()) : null, instant(wire.createdAt()),
				instant(wire.modifiedAt()), instant(wire.startedAt()), instant(wire.endedAt()),
				seconds(wire.totalRunDuration()));
	}

	static List<PlatformRun> runs(@Nullable List<PipelineVersionRun> wire) {
		return (wire != null) ? wire.stream().filter(Objects::nonNull).map(WireMapping::run).toList() : List.of();
	}

	static PlatformLogPage logPage(LogEntriesResponse response, int askedPage, int askedPerPage) {
		List<PlatformLogPage.Entry> entries = (response.logEntries() != null) ? response.logEntries()
			.stream()
			.filter(Objects::nonNull)
			.map((entry) -> new PlatformLogPage.Entry(blankToNull(entry.url()),
					Objects.requireNonNullElse(entry.message(), "")))
			.toList() : List.of();
		int page = (response.page() != null && response.page() > 0) ? response.page() : askedPage;
		int perPage = (response.perPage() != null && response.perPage() > 0) ? response.perPage() : askedPerPage;
		return new PlatformLogPage(entries, page, perPage);
	}

	static List<PlatformStatusLog> statusLogs(@Nullable List<StatusLog> wire) {
		if (wire == null) {
			return List.of();
		}
		return wire.stream()
			.filter(Objects::nonNull)
			.map((log) -> new PlatformStatusLog((log.status() != null) ? log.status().code() : 0,
					blankToNull(log.message()), blankToNull(log.triggeredByUserId()), instant(log.createdAt())))
			.toList();
	}

	static @Nullable Instant instant(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return UtcTimestamps.parse(value);
	}

	/**
	 * A protobuf {@code Duration} in JSON: seconds with an {@code s} suffix, e.g.
	 * {@code "154.200s"}.
	 */
	static @Nullable Double seconds(@Nullable String value) {
		if (value == null || !value.endsWith("s")) {
			return null;
		}
		try {
			return Double.parseDouble(value.substring(0, value.length() - 1));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
