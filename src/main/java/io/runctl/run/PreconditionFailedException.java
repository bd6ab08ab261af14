package io.runctl.run;

import java.util.Map;

import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

/**
 * The run changed since the ETag the caller based its request on:
 * {@code 412 precondition-failed}.
 */
class PreconditionFailedException extends ProblemException {

	PreconditionFailedException(Run run, String ifMatch) {
		super(ProblemType.PRECONDITION_FAILED,
				"Run " + run.id() + " changed since " + ifMatch + "; it is now " + run.state() + " with ETag "
						+ run.etag() + ".",
				Map.of("run_id", run.id(), "current_state", run.state().name(), "current_etag", run.etag()));
	}

}
