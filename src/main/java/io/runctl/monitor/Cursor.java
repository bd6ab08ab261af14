package io.runctl.monitor;

import java.util.Optional;

/**
 * Where a log line is in the run's log: {@code <entry>.<line>}, the 0-based position of
 * the upstream log entry and of the line within it. Any instance can resume from one.
 */
record Cursor(int entry, int line) implements Comparable<Cursor> {

	/** Before the first line of any log. */
	static final Cursor START = new Cursor(-1, -1);

	static Optional<Cursor> parse(String value) {
		String[] parts = value.strip().split("\\.", -1);
		if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() || parts[0].length() > 9
				|| parts[1].length() > 9 || !digits(parts[0]) || !digits(parts[1])) {
			return Optional.empty();
		}
		return Optional.of(new Cursor(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
	}

	private static boolean digits(String value) {
		return value.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	boolean isAfter(Cursor other) {
		return compareTo(other) > 0;
	}

	@Override
	public int compareTo(Cursor other) {
		int byEntry = Integer.compare(this.entry, other.entry);
		return (byEntry != 0) ? byEntry : Integer.compare(this.line, other.line);
	}

	@Override
	public String toString() {
		return this.entry + "." + this.line;
	}

}
