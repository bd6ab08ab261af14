package io.runctl.run;

import java.util.Locale;
import java.util.Optional;

import io.runctl.platform.StatusCodes;

/**
 * What a caller can ask of a run, with the state it leads to and the code the upstream is
 * sent for it (CLARIFAI_API.md section 6.3: resume is "set to running", there is no
 * resume code).
 */
public enum RunAction {

	PAUSE, RESUME, CANCEL;

	/** The state the run is in once the action took effect. */
	public RunState target() {
		return switch (this) {
			case PAUSE -> RunState.PAUSED;
			case RESUME -> RunState.RUNNING;
			case CANCEL -> RunState.CANCELLED;
		};
	}

	/** The {@code orchestration_status.status.code} sent in the PATCH. */
	int upstreamCode() {
		return switch (this) {
			case PAUSE -> StatusCodes.JOB_PAUSED;
			case RESUME -> StatusCodes.JOB_RUNNING;
			case CANCEL -> StatusCodes.JOB_CANCELLED;
		};
	}

	/** The lower-case name used in paths and JSON. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<RunAction> ofLabel(String label) {
		for (RunAction action : values()) {
			if (action.label().equals(label)) {
				return Optional.of(action);
			}
		}
		return Optional.empty();
	}

}
