package io.runctl.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last resort for errors that never reach the application (a request line or URL
 * Tomcat itself rejects, such as {@code /runs/%}): answers a problem like every other
 * error instead of Tomcat's HTML page.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ProblemType type = Problems.typeFor(status);
		String requestId = RequestIds.acceptOrGenerate(request.getHeader(RequestIds.HEADER));
		// Under /runs/ the only free path segment is the run id: that is what was
		// malformed.
		boolean runPath = String.valueOf(request.getCoyoteRequest().requestURI()).startsWith("/runs/");
		String parameter = runPath ? "run_id" : "request";
		String detail = (type != ProblemType.INVALID_PARAMETER) ? type.description() : runPath
				? "'run_id' must be 1 to 128 letters, digits, '_' or '-', starting with a letter or digit."
				: "The request line, URL or headers are malformed and were rejected before reaching the service.";
		String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
				+ ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\",\"request_id\":\"" + requestId + "\""
				+ ((type == ProblemType.INVALID_PARAMETER) ? ",\"parameter\":\"" + parameter + "\"" : "") + "}";
		try {
			response.setHeader(RequestIds.HEADER, requestId);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot be written: nothing left to do.
		}
	}

}
