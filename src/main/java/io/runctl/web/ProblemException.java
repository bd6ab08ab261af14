package io.runctl.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An exception that already knows the RFC 9457 problem it answers with. Features throw
 * subclasses of it; {@link Problems} adds the request id and the instance.
 */
public class ProblemException extends ErrorResponseException {

	private final ProblemType type;

	public ProblemException(ProblemType type, String detail) {
		this(type, detail, Map.of(), null, null);
	}

	public ProblemException(ProblemType type, String detail, Map<String, ?> properties) {
		this(type, detail, properties, null, null);
	}

	public ProblemException(ProblemType type, String detail, Map<String, ?> properties, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(type.status(), problem(type, detail, properties), cause);
		this.type = type;
		if (retryAfter != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
	}

	public ProblemType type() {
		return this.type;
	}

	@Override
	public String getMessage() {
		return this.type.slug() + ": " + getBody().getDetail();
	}

	private static ProblemDetail problem(ProblemType type, String detail, Map<String, ?> properties) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(URI.create(type.uri()));
		problem.setTitle(type.title());
		properties.forEach(problem::setProperty);
		return problem;
	}

}
