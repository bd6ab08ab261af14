package io.runctl.monitor;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One run's bounded feed of encoded events: its {@link RunWatcher} appends what each poll
 * found, and every stream of the run reads it at its own pace, without a lock. The feed
 * holds the last {@code runctl.monitor.buffer-lines} events; a stream that falls further
 * behind finds its next event forgotten and catches up from the upstream.
 */
final class EventFeed {

	private final MonitorEvent[] ring;

	private volatile long head;

	private volatile @Nullable Batch lastBatch;

	/**
	 * The last log line the feed no longer holds; {@code null} while it holds them all
	 * (guarded by the watcher's lock).
	 */
	private @Nullable Cursor forgottenUpTo;

	EventFeed(int length) {
		this.ring = new MonitorEvent[length];
	}

	long head() {
		return this.head;
	}

	long tail() {
		return Math.max(0, this.head - this.ring.length);
	}

	/** The event at this position of the feed, or {@code null} when it was forgotten. */
	@Nullable MonitorEvent eventAt(long seq) {
		MonitorEvent event = this.ring[(int) (seq % this.ring.length)];
		return (event != null && event.seq() == seq) ? event : null;
	}

	/**
	 * The events from one position of the feed to its head (or to its end), in one piece:
	 * every stream that takes them all writes the same bytes, built once per fan-out
	 * rather than once per stream.
	 *
	 * @param from the first position
	 * @param to the position after the last event
	 * @param bytes every event's bytes, in order
	 * @param lines the log lines among them
	 * @param firstLog the cursor of the first log line; {@code null} when there is none
	 * @param lastLog the cursor of the last log line; {@code null} when there is none
	 * @param end whether it ends with the stream's end
	 */
	record Batch(long from, long to, byte[] bytes, int lines, @Nullable Cursor firstLog, @Nullable Cursor lastLog,
			boolean end) {
	}

	/**
	 * The events from {@code from} to the head as one {@link Batch}, the same instance
	 * for every stream that asks at the same head; {@code null} when some are forgotten
	 * or they are more than {@code maxBytes}.
	 */
	@Nullable Batch batchFrom(long from, int maxBytes) {
		long to = this.head;
		Batch last = this.lastBatch;
		if (last != null && last.from() == from && last.to() == to) {
			return last;
		}
		List<MonitorEvent> events = new ArrayList<>();
		int size = 0;
		for (long seq = from; seq < to; seq++) {
			MonitorEvent event = eventAt(seq);
			if (event == null) {
				return null;
			}
			size += event.bytes().length;
			if (size > maxBytes) {
				return null;
			}
			events.add(event);
			if (event.kind() == MonitorEvent.Kind.END) {
				break;
			}
		}
		byte[] bytes = new byte[size];
		int at = 0;
		int lines = 0;
		Cursor firstLog = null;
		Cursor lastLog = null;
		for (MonitorEvent event : events) {
			System.arraycopy(event.bytes(), 0, bytes, at, event.bytes().length);
			at += event.bytes().length;
			if (event.kind() == MonitorEvent.Kind.LOG) {
				lines++;
				firstLog = (firstLog != null) ? firstLog : event.cursor();
				lastLog = event.cursor();
			}
		}
		MonitorEvent closing = events.isEmpty() ? null : events.get(events.size() - 1);
		Batch batch = new Batch(from, from + events.size(), bytes, lines, firstLog, lastLog,
				closing != null && closing.kind() == MonitorEvent.Kind.END);
		this.lastBatch = batch;
		return batch;
	}

	/**
	 * Appends an event; the caller holds the watcher's lock and wakes the streams after.
	 */
	void append(MonitorEvent.Kind kind, @Nullable Cursor cursor, byte[] bytes) {
		long seq = this.head;
		int slot = (int) (seq % this.ring.length);
		MonitorEvent old = this.ring[slot];
		if (old != null && old.kind() == MonitorEvent.Kind.LOG) {
			this.forgottenUpTo = old.cursor();
		}
		this.ring[slot] = new MonitorEvent(seq, kind, cursor, bytes);
		this.head = seq + 1;
	}

	/**
	 * The last log line the feed no longer holds, {@code null} while it holds them all;
	 * the caller holds the watcher's lock.
	 */
	@Nullable Cursor forgottenUpTo() {
		return this.forgottenUpTo;
	}

}
