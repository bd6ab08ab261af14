package io.runctl.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link IdempotencyStore}: this instance's memory, entries kept for a fixed
 * time and at most a fixed number of them (the oldest go first).
 */
class InMemoryIdempotencyStore implements IdempotencyStore {

	private record Entry(String fingerprint, Instant created, @Nullable StoredAnswer answer) {
	}

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	private final Duration retention;

	private final int maxEntries;

	private final Clock clock;

	InMemoryIdempotencyStore(Duration retention, int maxEntries, Clock clock) {
		this.retention = retention;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public synchronized Claim claim(String key, String fingerprint) {
		Instant now = this.clock.instant();
		expire(now);
		Entry entry = this.entries.get(key);
		if (entry == null) {
			this.entries.put(key, new Entry(fingerprint, now, null));
			evictOverflow();
			return new Claim.Granted();
		}
		if (!entry.fingerprint().equals(fingerprint)) {
			return new Claim.Reused();
		}
		return (entry.answer() != null) ? new Claim.Replay(entry.answer()) : new Claim.InFlight();
	}

	@Override
	public synchronized void complete(String key, StoredAnswer answer) {
		Entry entry = this.entries.get(key);
		if (entry != null) {
			this.entries.put(key, new Entry(entry.fingerprint(), entry.created(), answer));
		}
	}

	@Override
	public synchronized void release(String key) {
		Entry entry = this.entries.get(key);
		if (entry != null && entry.answer() == null) {
			this.entries.remove(key);
		}
	}

	synchronized int size() {
		return this.entries.size();
	}

	/** Entries are in insertion order, so the expired ones are at the head. */
	private void expire(Instant now) {
		Iterator<Entry> oldest = this.entries.values().iterator();
		while (oldest.hasNext()) {
			if (oldest.next().created().plus(this.retention).isAfter(now)) {
				return;
			}
			oldest.remove();
		}
	}

	private void evictOverflow() {
		Iterator<Entry> oldest = this.entries.values().iterator();
		while (this.entries.size() > this.maxEntries && oldest.hasNext()) {
			oldest.next();
			oldest.remove();
		}
	}

}
