package io.runctl.pipeline;

import java.util.List;
import java.util.Map;

import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

/**
 * Some pipeline coordinates are neither in the query nor in the lock file.
 */
class MissingParametersException extends ProblemException {

	MissingParametersException(List<String> missing) {
		super(ProblemType.MISSING_PARAMETERS, "Missing " + String.join(", ", missing)
				+ ". Give them as query parameters (?" + String.join("=…&", missing)
				+ "=…) or set pipeline.user_id, pipeline.app_id, pipeline.id and pipeline.version_id in config-lock.yaml.",
				Map.of("missing", missing));
	}

}
