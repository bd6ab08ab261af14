package io.runctl.sandbox;

import org.springframework.http.HttpStatus;

/**
 * A refusal the sandbox answers the way the platform does: an HTTP status and a
 * {@code status} with the platform's code.
 */
class SandboxError extends RuntimeException {

	static final int CONN_KEY_NOT_FOUND = 11009;

	static final int CONN_BAD_REQUEST_FORMAT = 11100;

	static final int CONN_DOES_NOT_EXIST = 11101;

	static final int CONN_INVALID_REQUEST = 11102;

	static final int PIPELINE_INVALID_ARGUMENT = 26301;

	static final int PIPELINE_INVALID_REQUEST = 26302;

	static final int LOG_ENTRIES_INVALID_REQUEST = 70000;

	static final int INTERNAL_UNCATEGORIZED = 98004;

	private final HttpStatus http;

	private final int code;

	private final String description;

	SandboxError(HttpStatus http, int code, String description, String details) {
		super(details, null, false, false);
		this.http = http;
		this.code = code;
		this.description = description;
	}

	static SandboxError notFound(String details) {
		return new SandboxError(HttpStatus.NOT_FOUND, CONN_DOES_NOT_EXIST, "Resource does not exist", details);
	}

	static SandboxError invalid(String details) {
		return new SandboxError(HttpStatus.BAD_REQUEST, PIPELINE_INVALID_REQUEST, "Invalid request", details);
	}

	static SandboxError badArgument(String details) {
		return new SandboxError(HttpStatus.BAD_REQUEST, PIPELINE_INVALID_ARGUMENT, "Invalid argument", details);
	}

	HttpStatus http() {
		return this.http;
	}

	int code() {
		return this.code;
	}

	String description() {
		return this.description;
	}

	String details() {
		return getMessage();
	}

}
