package io.runctl.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

/**
 * The run's state does not allow the action: {@code 409 invalid-transition}.
 */
class InvalidTransitionException extends ProblemException {

	private final RunState currentState;

	InvalidTransitionException(RunAction action, Run run) {
		super(ProblemType.INVALID_TRANSITION, detail(action, run), fields(action, run));
		this.currentState = run.state();
	}

	RunState currentState() {
		return this.currentState;
	}

	private static String detail(RunAction action, Run run) {
		String allowing = RunState.allowing(action)
			.stream()
			.map(RunState::name)
			.collect(Collectors.collectingAndThen(Collectors.toList(), InvalidTransitionException::or));
		return action.label() + " is allowed only when the run is " + allowing + "; run " + run.id() + " is "
				+ run.state() + ".";
	}

	private static String or(java.util.List<String> names) {
		if (names.size() <= 1) {
			return String.join("", names);
		}
		return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
	}

	private static Map<String, Object> fields(RunAction action, Run run) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("run_id", run.id());
		fields.put("action", action.label());
		fields.put("current_state", run.state().name());
		fields.put("allowed_actions", run.allowedActions());
		return fields;
	}

}
