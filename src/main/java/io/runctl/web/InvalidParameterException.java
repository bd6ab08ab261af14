package io.runctl.web;

import java.util.Map;

/**
 * A malformed id, query parameter, header or body: {@code 400 invalid-parameter} naming
 * the parameter.
 */
public class InvalidParameterException extends ProblemException {

	public InvalidParameterException(String parameter, String detail) {
		super(ProblemType.INVALID_PARAMETER, detail, Map.of("parameter", parameter));
	}

}
