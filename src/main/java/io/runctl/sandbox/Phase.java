package io.runctl.sandbox;

import java.util.Arrays;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The states a simulated run passes through, with the platform's job codes
 * (CLARIFAI_API.md section 3.1) and the transitions its docs allow (section 7).
 */
enum Phase {

	QUEUED(64000, "JOB_QUEUED", "Queued"),

	RUNNING(64001, "JOB_RUNNING", "Running"),

	PAUSED(64008, "JOB_PAUSED", "Paused"),

	COMPLETED(64002, "JOB_COMPLETED", "Completed"),

	FAILED(64003, "JOB_FAILED", "Failed"),

	CANCELLED(64004, "JOB_CANCELLED", "Cancelled");

	private final int code;

	private final String codeName;

	private final String description;

	Phase(int code, String codeName, String description) {
		this.code = code;
		this.codeName = codeName;
		this.description = description;
	}

	int code() {
		return this.code;
	}

	String codeName() {
		return this.codeName;
	}

	String description() {
		return this.description;
	}

	boolean terminal() {
		return switch (this) {
			case QUEUED, RUNNING, PAUSED -> false;
			case COMPLETED, FAILED, CANCELLED -> true;
		};
	}

	/** Whether a user may ask for the {@code target} state from this one. */
	boolean allowsMoveTo(Phase target) {
		return switch (target) {
			case PAUSED -> this == QUEUED || this == RUNNING;
			case RUNNING -> this == PAUSED;
			case CANCELLED -> !terminal();
			case QUEUED, COMPLETED, FAILED -> false;
		};
	}

	/** The phase of a code given as a number or an enum name, as requests may send it. */
	static Optional<Phase> ofCode(@Nullable Object code) {
		if (code instanceof Number number) {
			return Arrays.stream(values()).filter((phase) -> phase.code == number.intValue()).findFirst();
		}
		if (code instanceof String text) {
			String name = text.strip();
			return Arrays.stream(values())
				.filter((phase) -> phase.codeName.equals(name) || String.valueOf(phase.code).equals(name))
				.findFirst();
		}
		return Optional.empty();
	}

}
