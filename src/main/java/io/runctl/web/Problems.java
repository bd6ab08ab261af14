package io.runctl.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.platform.PlatformException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;

/**
 * Turns any failure into an RFC 9457 answer: the one place where problems are made. Never
 * puts a stack trace, class name or raw upstream body in the answer.
 */
public final class Problems {

	private static final Logger log = LoggerFactory.getLogger(Problems.class);

	private Problems() {
	}

	public static ResponseEntity<ProblemDetail> render(Throwable failure, HttpServletRequest request) {
		ErrorResponse error = toErrorResponse(failure);
		ProblemDetail body = error.getBody();
		if (body.getProperties() == null || !body.getProperties().containsKey(RequestIds.KEY)) {
			body.setProperty(RequestIds.KEY, RequestIds.of(request));
		}
		if (body.getInstance() == null) {
			body.setInstance(URI.create(request.getRequestURI()));
		}
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(error.getHeaders());
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(error.getStatusCode()).headers(headers).body(body);
	}

	/**
	 * The problem a failure answers with, as a throwable that knows its status, headers
	 * and body.
	 */
	public static ErrorResponse toErrorResponse(Throwable failure) {
		if (failure instanceof ProblemException problem) {
			return problem;
		}
		if (failure instanceof PlatformException platform) {
			return UpstreamProblems.of(platform);
		}
		if (failure instanceof TypeMismatchException mismatch) {
			String name = (mismatch.getPropertyName() != null) ? mismatch.getPropertyName() : "parameter";
			return new InvalidParameterException(name, "'" + name + "' has an invalid value.");
		}
		if (failure instanceof HttpMessageNotReadableException && problemCause(failure) != null) {
			return problemCause(failure);
		}
		if (failure instanceof org.eclipse.jetty.http.HttpException jetty
				&& jetty.getCode() == HttpStatus.BAD_REQUEST.value()) {
			// What the application asks Jetty to decode lazily is the query string.
			return new InvalidParameterException("query",
					"The query string is malformed: a parameter is not validly percent-encoded UTF-8.");
		}
		if (failure instanceof HttpMessageNotReadableException) {
			return new InvalidParameterException("body", "The request body is not valid JSON of the expected shape.");
		}
		if (failure instanceof ErrorResponse spring) {
			return fromSpring(spring);
		}
		if (failure instanceof RequestRejectedException) {
			// the firewall's message quotes the offending value: it is not repeated
			return new InvalidParameterException("request",
					"The request was refused: its path or a header contains characters this service does not accept.");
		}
		log.error("Unexpected failure", failure);
		return new ProblemException(ProblemType.INTERNAL_ERROR,
				"The service failed unexpectedly; quote the request_id when reporting it.");
	}

	private static ErrorResponse fromSpring(ErrorResponse spring) {
		ProblemType type = typeFor(spring.getStatusCode().value());
		// Spring's own 404 wording names its internals ("No static resource runs.").
		String detail = (type != ProblemType.NOT_FOUND && spring.getBody().getDetail() != null)
				? spring.getBody().getDetail() : type.description();
		ProblemException problem = (type == ProblemType.INVALID_PARAMETER)
				? new InvalidParameterException(parameterOf(spring), detail) : new ProblemException(type, detail);
		problem.getHeaders().addAll(spring.getHeaders());
		return problem;
	}

	/**
	 * The problem type of a status that the servlet container or Spring MVC decided on.
	 */
	static ProblemType typeFor(int status) {
		return switch (status) {
			case 400 -> ProblemType.INVALID_PARAMETER;
			case 404 -> ProblemType.NOT_FOUND;
			case 405 -> ProblemType.METHOD_NOT_ALLOWED;
			case 406 -> ProblemType.NOT_ACCEPTABLE;
			case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
			case 414 -> ProblemType.URI_TOO_LONG;
			case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
			case 431 -> ProblemType.HEADERS_TOO_LARGE;
			case 503 -> ProblemType.SERVICE_UNAVAILABLE;
			case 505 -> ProblemType.HTTP_VERSION_NOT_SUPPORTED;
			default -> (status >= 400 && status < 500) ? ProblemType.INVALID_PARAMETER : ProblemType.INTERNAL_ERROR;
		};
	}

	private static String parameterOf(ErrorResponse spring) {
		if (spring instanceof org.springframework.web.bind.MissingServletRequestParameterException missing) {
			return missing.getParameterName();
		}
		if (spring instanceof org.springframework.web.bind.MissingRequestHeaderException header) {
			return header.getHeaderName();
		}
		return "request";
	}

	/** A problem raised while the body was read (e.g. it was too large), if any. */
	private static @Nullable ProblemException problemCause(Throwable failure) {
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ProblemException problem) {
				return problem;
			}
		}
		return null;
	}

	/**
	 * Whether a failure only means the client went away (e.g. a stream's reader closed
	 * its connection): nothing to answer.
	 */
	public static boolean isClientGone(Throwable failure) {
		return failure instanceof AsyncRequestNotUsableException || failure instanceof java.io.IOException;
	}

}
