package io.runctl.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a simulated run will do, decided when it is created: how long it waits in the
 * queue and runs (in simulated seconds, pauses excluded), how it ends, and the log chunks
 * it prints along the way. Only the timestamps inside the lines are filled in later, when
 * a chunk is emitted.
 *
 * @param failure the failure's details when the run fails, {@code null} when it completes
 */
record RunScript(double queueSeconds, double runSeconds, @Nullable String failure, List<Chunk> chunks) {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** Simulated seconds from creation to the end of the run, pauses excluded. */
	double endSeconds() {
		return this.queueSeconds + this.runSeconds;
	}

	Phase outcome() {
		return (this.failure != null) ? Phase.FAILED : Phase.COMPLETED;
	}

	/**
	 * One log entry: a chunk of container output printed {@code atSecond} simulated
	 * seconds after the run started.
	 */
	record Chunk(double atSecond, List<Line> lines) {

		/**
		 * The chunk as the platform's {@code message}: its lines, stamped from
		 * {@code at}.
		 */
		String render(Instant at) {
			StringBuilder message = new StringBuilder();
			for (int i = 0; i < this.lines.size(); i++) {
				if (i > 0) {
					message.append('\n');
				}
				message.append(this.lines.get(i).render(at.plusMillis(7L * i)));
			}
			return message.toString();
		}

	}

	/** The three kinds of line a pipeline step's container prints. */
	enum Kind {

		/** Argo's workflow executor: {@code time="…" level=info msg="…"}. */
		ARGO,
		/** Python's default logging: {@code INFO:root:…}. */
		PLAIN,
		/** Clarifai's JSON formatter: {@code {"msg", "@timestamp", "level", ...}}. */
		JSON,
		/** Printed as is, such as a traceback. */
		RAW

	}

	/**
	 * One line of output.
	 *
	 * @param extra for ARGO lines, the fields after {@code msg}; for JSON lines, the line
	 * number
	 */
	record Line(Kind kind, String level, String text, String extra) {

		static Line argo(String text, String extra) {
			return new Line(Kind.ARGO, "info", text, extra);
		}

		static Line plain(String level, String text) {
			return new Line(Kind.PLAIN, level, text, "");
		}

		static Line json(String level, String text, int lineno) {
			return new Line(Kind.JSON, level, text, String.valueOf(lineno));
		}

		static Line raw(String text) {
			return new Line(Kind.RAW, "", text, "");
		}

		String render(Instant at) {
			String time = TIMESTAMP.format(at);
			return switch (this.kind) {
				case ARGO -> "time=\"" + time + "\" level=" + this.level + " msg=\"" + this.text.replace("\"", "\\\"")
						+ "\"" + (this.extra.isEmpty() ? "" : " " + this.extra);
				case PLAIN -> this.level.toUpperCase(Locale.ROOT) + ":root:" + this.text;
				case JSON ->
					"{\"msg\": \"" + escapeJson(this.text) + "\", \"@timestamp\": \"" + time + "\", \"level\": \""
							+ this.level + "\", \"filename\": \"pipeline_step.py\", \"lineno\": " + this.extra + "}";
				case RAW -> this.text;
			};
		}

	}

	static String escapeJson(String text) {
		StringBuilder out = new StringBuilder(text.length() + 8);
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
