package io.runctl.run;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state table of API.md section 3, cell by cell.
 */
class RunStateTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "64000, QUEUED", "64001, RUNNING", "64008, PAUSED", "64002, COMPLETED", "10000, COMPLETED",
			"64003, FAILED", "64006, UNEXPECTED_ERROR", "64004, CANCELLED", "64007, CONFLICT", "0, UNKNOWN",
			"64005, UNKNOWN", "-1, UNKNOWN", "10010, UNKNOWN", "26302, UNKNOWN", "99999, UNKNOWN" })
	void ofCodeShouldMapEveryUpstreamCode(int code, RunState state) {
		assertThat(RunState.ofCode(code)).isEqualTo(state);
	}

	/** One row per state: terminal, pause, resume, cancel, allowed_actions. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "QUEUED           | false | true  | false | true  | pause,cancel",
					"RUNNING          | false | true  | false | true  | pause,cancel",
					"PAUSED           | false | false | true  | true  | resume,cancel",
					"COMPLETED        | true  | false | false | false | ''",
					"FAILED           | true  | false | false | false | ''",
					"UNEXPECTED_ERROR | true  | false | false | false | ''",
					"CANCELLED        | true  | false | false | false | ''",
					"CONFLICT         | false | false | false | true  | cancel",
					"UNKNOWN          | false | false | false | true  | cancel" })
	void stateTableRow(RunState state, boolean terminal, boolean pause, boolean resume, boolean cancel,
			String allowed) {
		assertThat(state.terminal()).as("terminal").isEqualTo(terminal);
		assertThat(state.allows(RunAction.PAUSE)).as("pause").isEqualTo(pause);
		assertThat(state.allows(RunAction.RESUME)).as("resume").isEqualTo(resume);
		assertThat(state.allows(RunAction.CANCEL)).as("cancel").isEqualTo(cancel);
		List<String> expected = allowed.isEmpty() ? List.of() : List.of(allowed.split(","));
		assertThat(state.allowedActions().stream().map(RunAction::label).toList()).containsExactlyElementsOf(expected);
	}

	@Test
	void everyStateHasARowInTheTable() {
		assertThat(RunState.values()).hasSize(9);
	}

	@Test
	void allowingShouldListTheStatesThatAllowAnAction() {
		assertThat(RunState.allowing(RunAction.PAUSE)).containsExactly(RunState.QUEUED, RunState.RUNNING);
		assertThat(RunState.allowing(RunAction.RESUME)).containsExactly(RunState.PAUSED);
		assertThat(RunState.allowing(RunAction.CANCEL)).containsExactly(RunState.QUEUED, RunState.RUNNING,
				RunState.PAUSED, RunState.CONFLICT, RunState.UNKNOWN);
	}

	@Test
	void upstreamCodesShouldRoundTripThroughOfCode() {
		for (RunState state : RunState.values()) {
			for (int code : state.upstreamCodes()) {
				assertThat(RunState.ofCode(code)).isEqualTo(state);
			}
		}
		assertThat(RunState.COMPLETED.upstreamCodes()).containsExactly(64002, 10000);
		assertThat(RunState.UNKNOWN.upstreamCodes()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "RUNNING", "running", "Running" })
	void ofNameShouldIgnoreCase(String name) {
		assertThat(RunState.ofName(name)).contains(RunState.RUNNING);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "RUN", "JOB_RUNNING", "64001" })
	void ofNameShouldRefuseUnknownNames(String name) {
		assertThat(RunState.ofName(name)).isEmpty();
	}

	@Test
	void actionsShouldLeadToTheirStateAndSendTheDocumentedCodes() {
		assertThat(RunAction.PAUSE.target()).isEqualTo(RunState.PAUSED);
		assertThat(RunAction.RESUME.target()).isEqualTo(RunState.RUNNING);
		assertThat(RunAction.CANCEL.target()).isEqualTo(RunState.CANCELLED);
		assertThat(RunAction.PAUSE.upstreamCode()).isEqualTo(64008);
		assertThat(RunAction.RESUME.upstreamCode()).isEqualTo(64001);
		assertThat(RunAction.CANCEL.upstreamCode()).isEqualTo(64004);
	}

	@Test
	void actionTargetsAreNeverAllowedFromThemselvesExceptNothing() {
		Set<RunState> targets = EnumSet.noneOf(RunState.class);
		for (RunAction action : RunAction.values()) {
			targets.add(action.target());
			assertThat(action.target().allows(action)).as(action + " from its own target").isFalse();
			assertThat(RunAction.ofLabel(action.label())).contains(action);
		}
		assertThat(targets).containsExactlyInAnyOrder(RunState.PAUSED, RunState.RUNNING, RunState.CANCELLED);
		assertThat(RunAction.ofLabel("PAUSE")).isEmpty();
	}

}
