package io.runctl.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An example body of each problem type, for the API documentation.
 */
final class ProblemExamples {

	private static final String RUN = "e8c41c0b6d334daba757a73e99ef0e2d";

	private ProblemExamples() {
	}

	static Map<String, Object> of(ProblemType type) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type.uri());
		body.put("title", type.title());
		body.put("status", type.status().value());
		body.put("detail", detail(type));
		body.put("instance", "/runs/" + RUN + "/pause");
		body.put("request_id", "5f0c6a1e9b2d4c7f8e3a1b2c3d4e5f60");
		body.putAll(extensions(type));
		return body;
	}

	private static String detail(ProblemType type) {
		return switch (type) {
			case MISSING_PARAMETERS -> "Missing pipeline_id, pipeline_version_id. Give them as query parameters "
					+ "(?pipeline_id=…&pipeline_version_id=…) or set pipeline.user_id, pipeline.app_id, pipeline.id and "
					+ "pipeline.version_id in config-lock.yaml.";
			case INVALID_PARAMETER ->
				"'run_id' must be 1 to 128 letters, digits, '_' or '-', starting with a letter or digit.";
			case INVALID_TRANSITION ->
				"pause is allowed only when the run is QUEUED or RUNNING; run " + RUN + " is COMPLETED.";
			case PRECONDITION_FAILED -> "Run " + RUN + " changed since \"0f3e5a9c1b7d2e4f6a80\"; it is now PAUSED "
					+ "with ETag \"9a8b7c6d5e4f3a2b1c0d\".";
			case UPSTREAM_REJECTED -> "The upstream refused patch_runs: Invalid request (cannot pause pipeline "
					+ "version run) [code 26302]";
			default -> type.description();
		};
	}

	private static Map<String, Object> extensions(ProblemType type) {
		Map<String, Object> fields = new LinkedHashMap<>();
		switch (type) {
			case MISSING_PARAMETERS -> fields.put("missing", List.of("pipeline_id", "pipeline_version_id"));
			case INVALID_PARAMETER -> fields.put("parameter", "run_id");
			case INVALID_TRANSITION -> {
				fields.put("run_id", RUN);
				fields.put("action", "pause");
				fields.put("current_state", "COMPLETED");
				fields.put("allowed_actions", List.of());
			}
			case PRECONDITION_FAILED -> {
				fields.put("run_id", RUN);
				fields.put("current_state", "PAUSED");
				fields.put("current_etag", "\"9a8b7c6d5e4f3a2b1c0d\"");
			}
			case RUN_NOT_FOUND, UPSTREAM_AUTH_FAILED, UPSTREAM_REJECTED -> {
				fields.put("upstream_code", upstreamCode(type));
				fields.put("upstream_description", upstreamDescription(type));
				fields.put("upstream_details", upstreamDetails(type));
				fields.put("upstream_request_id", "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b");
			}
			default -> {
			}
		}
		return fields;
	}

	private static int upstreamCode(ProblemType type) {
		return switch (type) {
			case RUN_NOT_FOUND -> 11101;
			case UPSTREAM_AUTH_FAILED -> 11009;
			default -> 26302;
		};
	}

	private static String upstreamDescription(ProblemType type) {
		return switch (type) {
			case RUN_NOT_FOUND -> "Resource does not exist";
			case UPSTREAM_AUTH_FAILED -> "API key not found";
			default -> "Invalid request";
		};
	}

	private static String upstreamDetails(ProblemType type) {
		return switch (type) {
			case RUN_NOT_FOUND -> "pipeline version run 'nope' not found";
			case UPSTREAM_AUTH_FAILED -> "invalid key";
			default -> "cannot pause pipeline version run";
		};
	}

}
