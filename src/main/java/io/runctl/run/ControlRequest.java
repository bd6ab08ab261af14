package io.runctl.run;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The optional body of pause, resume and cancel.
 */
@Schema(description = "Optional body of a control action")
record ControlRequest(@Schema(description = "Why; kept with the action. At most 500 characters.",
		example = "GPU quota reached", maxLength = 500) @Nullable String reason) {
}
