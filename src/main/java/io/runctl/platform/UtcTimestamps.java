package io.runctl.platform;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Reads the upstream's timestamps ({@code 2026-04-23T10:15:30.123456Z}): the common shape
 * directly from its digits, anything else through {@link Instant#parse}. The formatter
 * behind {@code Instant.parse} allocated more per decoded run than any other step of the
 * mapping (BENCHMARKS.md, "Profile-driven changes"); the answer is the same.
 */
final class UtcTimestamps {

	private static final int SECONDS_PER_DAY = 86_400;

	private UtcTimestamps() {
	}

	/** The instant, or {@code null} when the text is no ISO-8601 instant. */
	static @Nullable Instant parse(String text) {
		Instant fast = fastPath(text);
		if (fast != null) {
			return fast;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with 1 to 9 fraction digits; {@code null} for
	 * anything else (which {@link Instant#parse} then reads or refuses).
	 */
	private static @Nullable Instant fastPath(String text) {
		int length = text.length();
		if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		int nanos = 0;
		if (length > 20) {
			int fractionDigits = length - 21;
			if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
				return null;
			}
			nanos = digits(text, 20, fractionDigits);
			if (nanos < 0) {
				return null;
			}
			for (int i = fractionDigits; i < 9; i++) {
				nanos *= 10;
			}
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException ex) {
			return null;
		}
		return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
	}

	/** The decimal number in {@code count} characters from {@code from}, or -1. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
