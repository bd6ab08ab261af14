package io.runctl.monitor;

import org.jspecify.annotations.Nullable;

/**
 * One event of a watcher's feed, already encoded as SSE once for every subscriber.
 *
 * @param seq its position in the watcher's feed
 * @param cursor the log line's cursor; {@code null} for other kinds
 */
record MonitorEvent(long seq, Kind kind, @Nullable Cursor cursor, byte[] bytes) {

	enum Kind {

		LOG, STATUS, NOTICE, END

	}

}
