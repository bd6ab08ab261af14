package io.runctl.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.runctl.platform.StatusCodes;

/**
 * The state of a run and every rule that depends on it (API.md section 3): the one place
 * where the state table lives.
 */
public enum RunState {

	QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, UNEXPECTED_ERROR, CANCELLED, CONFLICT, UNKNOWN;

	/** The state for an upstream {@code orchestration_status.status.code}. */
	public static RunState ofCode(int code) {
		return switch (code) {
			case StatusCodes.JOB_QUEUED -> QUEUED;
			case StatusCodes.JOB_RUNNING -> RUNNING;
			case StatusCodes.JOB_PAUSED -> PAUSED;
			case StatusCodes.JOB_COMPLETED, StatusCodes.SUCCESS -> COMPLETED;
			case StatusCodes.JOB_FAILED -> FAILED;
			case StatusCodes.JOB_UNEXPECTED_ERROR -> UNEXPECTED_ERROR;
			case StatusCodes.JOB_CANCELLED -> CANCELLED;
			case StatusCodes.JOB_CONFLICT -> CONFLICT;
			default -> UNKNOWN;
		};
	}

	/** The upstream codes that mean this state, for filtering lists; none for UNKNOWN. */
	public List<Integer> upstreamCodes() {
		return switch (this) {
			case QUEUED -> List.of(StatusCodes.JOB_QUEUED);
			case RUNNING -> List.of(StatusCodes.JOB_RUNNING);
			case PAUSED -> List.of(StatusCodes.JOB_PAUSED);
			case COMPLETED -> List.of(StatusCodes.JOB_COMPLETED, StatusCodes.SUCCESS);
			case FAILED -> List.of(StatusCodes.JOB_FAILED);
			case UNEXPECTED_ERROR -> List.of(StatusCodes.JOB_UNEXPECTED_ERROR);
			case CANCELLED -> List.of(StatusCodes.JOB_CANCELLED);
			case CONFLICT -> List.of(StatusCodes.JOB_CONFLICT);
			case UNKNOWN -> List.of();
		};
	}

	/** Whether the run is over: nothing can change it any more. */
	public boolean terminal() {
		return switch (this) {
			case COMPLETED, FAILED, UNEXPECTED_ERROR, CANCELLED -> true;
			case QUEUED, RUNNING, PAUSED, CONFLICT, UNKNOWN -> false;
		};
	}

	/** Whether the action may be asked of a run in this state. */
	public boolean allows(RunAction action) {
		return switch (action) {
			case PAUSE -> this == QUEUED || this == RUNNING;
			case RESUME -> this == PAUSED;
			case CANCEL -> !terminal();
		};
	}

	/** The actions allowed now, in a fixed order. */
	public List<RunAction> allowedActions() {
		return Arrays.stream(RunAction.values()).filter(this::allows).toList();
	}

	/** The states from which the action is allowed, for messages. */
	public static List<RunState> allowing(RunAction action) {
		return Arrays.stream(values()).filter((state) -> state.allows(action)).toList();
	}

	public static Optional<RunState> ofName(String name) {
		try {
			return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
