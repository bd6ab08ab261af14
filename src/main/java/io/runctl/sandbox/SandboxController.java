package io.runctl.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.platform.PlatformTarget;
import io.runctl.sandbox.SandboxWire.PatchRequest;
import io.runctl.sandbox.SandboxWire.PostRequest;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox platform over HTTP, under {@value PlatformTarget#SANDBOX_PREFIX}: the same
 * paths, envelopes and error answers as the platform (CLARIFAI_API.md sections 5 and 8),
 * never runctl's problem documents. Hidden from runctl's own API documentation.
 * <p>
 * Abstract so that component scanning passes it by: {@link SandboxRegistrar} registers
 * it, as {@link Served}, only when the sandbox is served.
 */
@Hidden
@RestController
@RequestMapping(PlatformTarget.SANDBOX_PREFIX)
abstract class SandboxController {

	private static final Logger log = LoggerFactory.getLogger(SandboxController.class);

	private static final String PIPELINE = "/v2/users/{user_id}/apps/{app_id}/pipelines/{pipeline_id}/versions/{pipeline_version_id}";

	private static final String RUNS_LIST = "pipeline_version_runs";

	private static final String LOGS_LIST = "log_entries";

	private static final String STATUS_LOGS_LIST = "pipeline_version_run_status_logs";

	private final SandboxApi api;

	SandboxController(SandboxApi api) {
		this.api = api;
	}

	@GetMapping(PIPELINE + "/runs/{run_id}")
	ResponseEntity<Object> getRun(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path) {
		return answer(key, null, () -> this.api.getRun(pipeline(path), path.get("run_id")));
	}

	@GetMapping(PIPELINE + "/runs")
	ResponseEntity<Object> listRuns(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path, @RequestParam(required = false) @Nullable Integer page,
			@RequestParam(name = "per_page", required = false) @Nullable Integer perPage,
			@RequestParam(name = "status_codes", required = false) @Nullable List<String> statusCodes) {
		return answer(key, RUNS_LIST, () -> this.api.listRuns(pipeline(path), page, perPage, statusCodes));
	}

	@PostMapping(PIPELINE + "/runs")
	ResponseEntity<Object> createRuns(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path, @RequestBody(required = false) @Nullable PostRequest body) {
		return answer(key, RUNS_LIST, () -> this.api.createRuns(pipeline(path), body));
	}

	@PatchMapping(PIPELINE + "/runs")
	ResponseEntity<Object> patchRuns(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path, @RequestBody(required = false) @Nullable PatchRequest body) {
		return answer(key, RUNS_LIST, () -> this.api.patchRuns(pipeline(path), body));
	}

	@GetMapping(PIPELINE + "/runs/{run_id}/" + SandboxViews.LOG_TYPE + "/logs")
	ResponseEntity<Object> logs(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path, @RequestParam(required = false) @Nullable Integer page,
			@RequestParam(name = "per_page", required = false) @Nullable Integer perPage) {
		return answer(key, LOGS_LIST, () -> this.api.logs(pipeline(path), path.get("run_id"), page, perPage));
	}

	@GetMapping(PIPELINE + "/runs/{run_id}/status_logs")
	ResponseEntity<Object> statusLogs(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String key,
			@PathVariable Map<String, String> path, @RequestParam(required = false) @Nullable Integer page,
			@RequestParam(name = "per_page", required = false) @Nullable Integer perPage,
			@RequestParam(name = "status_codes", required = false) @Nullable List<String> statusCodes) {
		return answer(key, STATUS_LOGS_LIST,
				() -> this.api.statusLogs(pipeline(path), path.get("run_id"), page, perPage, statusCodes));
	}

	/** Any other path under the prefix: the platform has no such resource. */
	@RequestMapping("/**")
	ResponseEntity<Object> unknown(HttpServletRequest request) {
		return error(SandboxError.notFound("no endpoint " + request.getMethod() + " " + request.getRequestURI()), null);
	}

	/**
	 * What Spring refuses before a method runs (a body that is not JSON, a page that is
	 * not a number) is answered in the platform's format too; anything else is the
	 * sandbox's own fault, logged, and answered as the platform answers its internal
	 * errors (500, a 98xxx code), which clients retry.
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> failed(Exception failure, HttpServletRequest request) {
		String uri = request.getRequestURI();
		String list = uri.endsWith("/status_logs") ? STATUS_LOGS_LIST
				: uri.endsWith("/logs") ? LOGS_LIST : uri.endsWith("/runs") ? RUNS_LIST : null;
		if (unreadable(failure)) {
			return error(new SandboxError(HttpStatus.BAD_REQUEST, SandboxError.CONN_BAD_REQUEST_FORMAT,
					"Bad request format", "the request could not be read"), list);
		}
		log.error("The sandbox failed on {} {}", request.getMethod(), uri, failure);
		return error(new SandboxError(HttpStatus.INTERNAL_SERVER_ERROR, SandboxError.INTERNAL_UNCATEGORIZED,
				"Internal error", "the sandbox failed; see its log"), list);
	}

	private static boolean unreadable(Exception failure) {
		return failure instanceof HttpMessageNotReadableException || failure instanceof TypeMismatchException
				|| (failure instanceof ErrorResponse response && response.getStatusCode().is4xxClientError());
	}

	private ResponseEntity<Object> answer(@Nullable String key, @Nullable String list, Supplier<Object> call) {
		try {
			this.api.authorize(key);
			return ResponseEntity.ok(call.get());
		}
		catch (SandboxError refused) {
			return error(refused, list);
		}
	}

	private ResponseEntity<Object> error(SandboxError refused, @Nullable String list) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", this.api.failed(refused));
		if (list != null) {
			body.put(list, List.of());
		}
		return ResponseEntity.status(refused.http()).body(body);
	}

	/**
	 * The user {@code me} is the authorised one (CLARIFAI_API.md, section 1): the sandbox
	 * has one account, the demo pipeline's user.
	 */
	private static PipelineCoordinates pipeline(Map<String, String> path) {
		String user = path.get("user_id");
		return new PipelineCoordinates("me".equals(user) ? DemoRuns.USER : user, path.get("app_id"),
				path.get("pipeline_id"), path.get("pipeline_version_id"));
	}

	/** The controller as registered; its mappings are all {@link SandboxController}'s. */
	static final class Served extends SandboxController {

		Served(SandboxApi api) {
			super(api);
		}

	}

}
