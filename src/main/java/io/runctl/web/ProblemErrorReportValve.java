package io.runctl.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error nothing else answered (a malformed request line, an
 * encoded slash or NUL, a header block over the limit): a small problem+json body instead
 * of Tomcat's HTML page. Requests that reach Spring never get here: their problems are
 * made by {@link Problems}.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	static final String MALFORMED = "The request is malformed (request line, path encoding or headers) and was "
			+ "refused before reaching the service.";

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ProblemType type = typeOf(status);
		String requestId = RequestIds.acceptOrGenerate(offeredRequestId(request));
		try {
			response.setHeader(RequestIds.HEADER, requestId);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("utf-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body(type, status,
						(type == ProblemType.INVALID_PARAMETER) ? MALFORMED : type.description(), requestId));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot be written: nothing more to do
		}
	}

	static ProblemType typeOf(int status) {
		return switch (status) {
			case 404 -> ProblemType.NOT_FOUND;
			case 405 -> ProblemType.METHOD_NOT_ALLOWED;
			case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
			case 503 -> ProblemType.SERVICE_UNAVAILABLE;
			default -> (status < 500) ? ProblemType.INVALID_PARAMETER : ProblemType.INTERNAL_ERROR;
		};
	}

	private static String offeredRequestId(Request request) {
		try {
			return request.getHeader(RequestIds.HEADER);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A problem body written without Spring's converters, for answers made outside Spring
	 * MVC. Every text in it is one of ours: nothing from the request is echoed.
	 */
	static String body(ProblemType type, int status, String detail, String requestId) {
		return "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail + "\""
				+ ((type == ProblemType.INVALID_PARAMETER) ? ",\"parameter\":\"request\"" : "") + ",\"request_id\":\""
				+ requestId + "\"}";
	}

}
