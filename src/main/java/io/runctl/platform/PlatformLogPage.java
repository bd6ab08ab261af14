package io.runctl.platform;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a run's log entries, in upstream order.
 *
 * @param page the page the platform says it answered (it may differ from the one asked)
 */
public record PlatformLogPage(List<Entry> entries, int page, int perPage) {

	/**
	 * One log entry: a chunk of output that may hold many lines.
	 *
	 * @param url the entry's url, its identity upstream ({@code null} when the platform
	 * gave none)
	 */
	public record Entry(@Nullable String url, String message) {
	}

}
