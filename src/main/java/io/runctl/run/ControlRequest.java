package io.runctl.run;

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
