package io.runctl.web;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jetty's last resort for errors that never reach the application (a request line, URL or
 * header Jetty itself rejects, such as {@code /runs/%}): answers a problem like every
 * other error instead of Jetty's HTML page.
 */
class ProblemErrorHandler extends ErrorHandler {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String BAD_MESSAGE = "/badMessage";

	@Override
	public boolean handle(Request request, Response response, Callback callback) {
		int status = response.getStatus();
		if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException failure) {
			status = failure.getCode();
			response.setStatus(status);
		}
		if (status < 400 || HttpStatus.hasNoBody(status)) {
			callback.succeeded();
			return true;
		}
		String requestId = RequestIds.acceptOrGenerate(request.getHeaders().get(RequestIds.HEADER));
		String path = (request.getHttpURI() != null) ? request.getHttpURI().getPath() : null;
		if (BAD_MESSAGE.equals(path)) {
			// Jetty's stand-in for a request it could not read: there is no real path.
			path = null;
		}
		response.getHeaders().put(RequestIds.HEADER, requestId);
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
		response.getHeaders().put(ERROR_CACHE_CONTROL);
		response.write(true, ByteBuffer.wrap(body(status, path, requestId)), callback);
		return true;
	}

	/**
	 * A request so malformed that Jetty has no request to hand: answered the same way.
	 */
	@Override
	public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
		fields.put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
		return ByteBuffer.wrap(body(status, null, RequestIds.acceptOrGenerate(null)));
	}

	static byte[] body(int status, @Nullable String path, String requestId) {
		ProblemType type = Problems.typeFor(status);
		// Under /runs/ the only free path segment is the run id: that is what was
		// malformed.
		boolean runPath = path != null && path.startsWith("/runs/");
		String detail = (type != ProblemType.INVALID_PARAMETER) ? type.description() : runPath
				? "'run_id' must be 1 to 128 letters, digits, '_' or '-', starting with a letter or digit."
				: "The request line, URL or headers are malformed and were rejected before reaching the service.";
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.uri());
		problem.put("title", type.title());
		problem.put("status", status);
		problem.put("detail", detail);
		if (path != null) {
			problem.put("instance", path);
		}
		problem.put(RequestIds.KEY, requestId);
		if (type == ProblemType.INVALID_PARAMETER) {
			problem.put("parameter", runPath ? "run_id" : "request");
		}
		return JsonMapper.shared().writeValueAsBytes(problem);
	}

}
