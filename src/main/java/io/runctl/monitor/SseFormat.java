package io.runctl.monitor;

import java.nio.charset.StandardCharsets;

import io.runctl.run.Run;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The SSE wire format of API.md section 5: each event encoded once, as bytes, with the
 * service's JSON settings (snake_case).
 */
@Component
class SseFormat {

	static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.UTF_8);

	static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper json;

	SseFormat(JsonMapper json) {
		this.json = json;
	}

	/** {@code event: notice} data. */
	record Notice(String message, String kind) {
	}

	/** {@code event: end} data. */
	record End(String reason, Run run) {
	}

	byte[] status(Run run) {
		return event("status", null, run);
	}

	byte[] log(Cursor cursor, LogLines.Line line) {
		return event("log", cursor.toString(), line);
	}

	byte[] notice(String kind, String message) {
		return event("notice", null, new Notice(message, kind));
	}

	byte[] end(String reason, Run run) {
		return event("end", null, new End(reason, run));
	}

	private byte[] event(String name, @Nullable String id, Object data) {
		StringBuilder text = new StringBuilder(128);
		if (id != null) {
			text.append("id: ").append(id).append('\n');
		}
		text.append("event: ").append(name).append('\n');
		text.append("data: ").append(this.json.writeValueAsString(data)).append("\n\n");
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

}
