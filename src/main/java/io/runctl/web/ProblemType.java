package io.runctl.web;

import org.springframework.http.HttpStatus;

/**
 * Every problem the API answers with: its slug (the {@code type} is
 * {@code /problems/<slug>}), its status and a short human-readable explanation served at
 * {@code GET /problems/<slug>}.
 */
public enum ProblemType {

	MISSING_PARAMETERS("missing-parameters", HttpStatus.BAD_REQUEST, "Missing pipeline coordinates",
			"A run is addressed by user_id, app_id, pipeline_id and pipeline_version_id besides its id. "
					+ "Give the missing ones as query parameters or set them in config-lock.yaml."),
	INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter",
			"An id, query parameter, header or body field is malformed. The 'parameter' field names it; "
					+ "no upstream call was made."),
	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized",
			"No API key, or an unknown one, was sent. Send 'Authorization: Bearer <api-key>'."),
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden",
			"The API key is valid but its role or its pipelines do not allow this operation."),
	RUN_NOT_FOUND("run-not-found", HttpStatus.NOT_FOUND, "Run not found",
			"The upstream platform does not know this run, or the pipeline it was addressed under."),
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found", "There is no resource at this path."),
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
			"This path does not accept this HTTP method."),
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
			"The service cannot answer in any of the media types the Accept header lists."),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
			"Request bodies must be application/json."),
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
			"The request body is larger than the service accepts."),
	URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "URI too long",
			"The request's URL is longer than the service accepts (8 KB with the headers)."),
	HEADERS_TOO_LARGE("headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request headers too large",
			"The request's headers are larger than the service accepts (8 KB)."),
	INVALID_TRANSITION("invalid-transition", HttpStatus.CONFLICT, "Invalid transition",
			"The run's current state does not allow this action. 'allowed_actions' lists what it allows now."),
	REQUEST_IN_PROGRESS("request-in-progress", HttpStatus.CONFLICT, "Request in progress",
			"A request with the same Idempotency-Key is still being processed. Retry after it finishes."),
	PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed",
			"The run changed since the ETag given in If-Match. Read it again and decide anew."),
	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused",
			"This Idempotency-Key was already used for another request: another action, another run, or the "
					+ "same one with dry_run set otherwise."),
	TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
			"This API key has spent its request budget. Retry after the time in Retry-After."),
	UPSTREAM_THROTTLED("upstream-throttled", HttpStatus.TOO_MANY_REQUESTS, "Upstream throttled",
			"The upstream platform rate-limited the service. Retry after the time in Retry-After."),
	UPSTREAM_REJECTED("upstream-rejected", HttpStatus.BAD_GATEWAY, "Upstream rejected the request",
			"The upstream platform answered with an error the service cannot map. The upstream_* fields carry "
					+ "what it said."),
	UPSTREAM_AUTH_FAILED("upstream-auth-failed", HttpStatus.BAD_GATEWAY, "Upstream refused our credentials",
			"The upstream platform refused the service's token: a deployment problem, not the caller's."),
	UPSTREAM_UNAVAILABLE("upstream-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Upstream unavailable",
			"The upstream platform cannot be reached, or its circuit breaker is open. Retry after Retry-After."),
	UPSTREAM_TIMEOUT("upstream-timeout", HttpStatus.GATEWAY_TIMEOUT, "Upstream timeout",
			"The upstream platform did not answer in time."),
	SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
			"The service cannot process the request right now. Retry after Retry-After."),
	INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
			"The service failed unexpectedly. The request_id identifies the failure in the logs."),
	HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
			"HTTP version not supported",
			"The request line names no HTTP version the service speaks (HTTP/1.0, HTTP/1.1): it is malformed.");

	private final String slug;

	private final HttpStatus status;

	private final String title;

	private final String description;

	ProblemType(String slug, HttpStatus status, String title, String description) {
		this.slug = slug;
		this.status = status;
		this.title = title;
		this.description = description;
	}

	public String slug() {
		return this.slug;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String description() {
		return this.description;
	}

	public String uri() {
		return "/problems/" + this.slug;
	}

	public static java.util.Optional<ProblemType> ofSlug(String slug) {
		for (ProblemType type : values()) {
			if (type.slug.equals(slug)) {
				return java.util.Optional.of(type);
			}
		}
		return java.util.Optional.empty();
	}

}
