package io.runctl.platform;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast reading of upstream timestamps answers exactly what {@link Instant#parse}
 * answers, for well-formed instants and for garbage alike.
 */
class UtcTimestampsTests {

	@Property(tries = 2000)
	void wellFormedInstantsShouldReadAsInstantParseReadsThem(
			@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long epochSecond,
			@ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 9) int digits) {
		String text = format(epochSecond, nanos, digits);
		assertThat(UtcTimestamps.parse(text)).isEqualTo(Instant.parse(text));
	}

	@Property(tries = 3000)
	void anyTextShouldReadAsInstantParseReadsIt(@ForAll("nearTimestamps") String text) {
		assertThat(UtcTimestamps.parse(text)).isEqualTo(orNull(text));
	}

	@Example
	void edgeCasesShouldReadAsInstantParseReadsThem() {
		for (String text : new String[] { "2026-04-23T10:15:30Z", "2026-04-23T10:15:30.1Z",
				"2026-04-23T10:15:30.123456789Z", "2026-04-23T10:15:30.1234567890Z", "2024-02-29T00:00:00Z",
				"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-04-23T24:00:00Z",
				"2026-12-31T23:59:60Z", "2026-04-23t10:15:30z", "2026-04-23T10:15:30+02:00", "2026-04-23T10:15:30.Z",
				"0000-01-01T00:00:00Z", "+12026-04-23T10:15:30Z", "2026-04-23 10:15:30Z", "2026-4-23T10:15:30Z" }) {
			assertThat(UtcTimestamps.parse(text)).as(text).isEqualTo(orNull(text));
		}
	}

	@Provide
	Arbitrary<String> nearTimestamps() {
		Arbitrary<String> valid = Arbitraries.longs()
			.between(-62_167_219_200L, 253_402_300_799L)
			.map((second) -> format(second, (int) Math.floorMod(second * 7919, 1_000_000_000L),
					(int) (second % 10 + 10) % 10));
		return valid.flatMap((text) -> Arbitraries.integers()
			.between(0, text.length() - 1)
			.flatMap((at) -> Arbitraries.of('0', '9', '-', ':', 'T', 'Z', '.', 'x', ' ', '+')
				.map((c) -> text.substring(0, at) + c + text.substring(at + 1))));
	}

	private static String format(long epochSecond, int nanos, int digits) {
		String whole = Instant.ofEpochSecond(epochSecond).toString();
		String base = whole.substring(0, whole.length() - 1);
		if (digits == 0) {
			return base + "Z";
		}
		String fraction = String.format("%09d", nanos).substring(0, digits);
		return base + "." + fraction + "Z";
	}

	private static Instant orNull(String text) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
