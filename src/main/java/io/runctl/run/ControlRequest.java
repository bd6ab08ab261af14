package io.runctl.run;

import io.runctl.web.InvalidParameterException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The optional body of pause, resume and cancel.
 */
@Schema(description = "Optional body of a control action")
record ControlRequest(@Schema(description = "Why; kept with the action. At most 500 characters.",
		example = "GPU quota reached", maxLength = 500) @JsonDeserialize(using = Text.class) @Nullable String reason) {

	static final int MAX_REASON = 500;

	/**
	 * The reason, if it is one: at most 500 characters (code points, so an emoji is one),
	 * and well-formed text without control characters but tab and line breaks (a NUL
	 * cannot be stored in PostgreSQL, half a surrogate pair in no database as it was
	 * sent).
	 * @return the reason, or {@code null} when there is none
	 * @throws InvalidParameterException when it is not one
	 */
	@Nullable String checkedReason() {
		if (this.reason == null) {
			return null;
		}
		if (this.reason.codePointCount(0, this.reason.length()) > MAX_REASON) {
			throw new InvalidParameterException("reason", "'reason' must be at most " + MAX_REASON + " characters.");
		}
		if (!this.reason.codePoints().allMatch(ControlRequest::isText)) {
			throw new InvalidParameterException("reason",
					"'reason' must be text: no control characters but tab and line breaks, no unpaired surrogates.");
		}
		return this.reason;
	}

	private static boolean isText(int codePoint) {
		boolean control = Character.isISOControl(codePoint) && codePoint != '\t' && codePoint != '\n'
				&& codePoint != '\r';
		return !control && Character.getType(codePoint) != Character.SURROGATE;
	}

	/**
	 * Only a JSON string is a reason: a number or a boolean is refused
	 * ({@code 400 invalid-parameter}), not turned into text.
	 */
	static final class Text extends ValueDeserializer<String> {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (String) context.handleUnexpectedToken(String.class, parser);
			}
			return parser.getString();
		}

	}

}
