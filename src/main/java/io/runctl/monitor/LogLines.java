package io.runctl.monitor;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits an upstream log entry into lines (CLARIFAI_API.md section 6.5): the message is
 * stripped and split on newlines; a line that is a JSON object with a {@code msg} gives
 * its {@code msg}, {@code level} and {@code @timestamp}.
 */
final class LogLines {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LogLines() {
	}

	/** One line as the stream sends it. */
	record Line(String line, String raw, @Nullable String level, @Nullable String at, @Nullable String entry) {
	}

	static List<Line> split(String message, @Nullable String entryUrl) {
		String stripped = message.strip();
		if (stripped.isEmpty()) {
			return List.of();
		}
		List<Line> lines = new ArrayList<>();
		for (String raw : stripped.split("\n", -1)) {
			lines.add(line(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw, entryUrl));
		}
		return lines;
	}

	private static Line line(String raw, @Nullable String entryUrl) {
		JsonNode json = object(raw);
		JsonNode msg = (json != null) ? json.get("msg") : null;
		if (msg == null || msg.isNull()) {
			return new Line(raw, raw, null, null, entryUrl);
		}
		return new Line(msg.isString() ? msg.asString() : msg.toString(), raw, text(json.get("level")),
				text(json.get("@timestamp")), entryUrl);
	}

	private static @Nullable JsonNode object(String raw) {
		String trimmed = raw.strip();
		if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
			return null;
		}
		try {
			JsonNode node = JSON.readTree(trimmed);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		return node.isString() ? node.asString() : node.toString();
	}

}
