package io.runctl.run;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to a control action.
 *
 * @param changed whether the action changes the run ({@code false} when it already was in
 * the requested state)
 * @param previousState the state the run was in when the action was checked
 * @param run the run after the action (for a dry run: as it would be after it)
 */
@Schema(description = "The outcome of pause, resume or cancel")
public record ControlResult(@Schema(example = "pause") String action, boolean changed, RunState previousState,
		boolean dryRun, Run run) {
}
