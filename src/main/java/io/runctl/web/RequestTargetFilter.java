package io.runctl.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request paths no client of this API sends and that only serve to trick a
 * server: malformed or double percent-encoding, encoded slashes, backslashes, dots or
 * control characters, and {@code ;} path parameters. The answer is written here, not by
 * Spring MVC, because Spring would try to decode the very path that is broken.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestTargetFilter extends OncePerRequestFilter {

	private static final String RUN_ID_DETAIL = "'run_id' must be 1 to 128 letters, digits, '_' or '-', starting with "
			+ "a letter or digit.";

	private static final String DETAIL = "The request path uses an encoding this service does not accept (a malformed "
			+ "or encoded '%', '/', backslash, '.' or control character, or a ';' path parameter).";

	private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

	private static final Pattern TRICK_ESCAPE = Pattern.compile("%(?:2[5EeFf]|5[Cc]|[01][0-9A-Fa-f]|7[Ff])");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		if (path != null && (path.indexOf(';') >= 0 || path.indexOf('\\') >= 0 || MALFORMED_ESCAPE.matcher(path).find()
				|| TRICK_ESCAPE.matcher(path).find())) {
			refuse(request, response, path);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Under {@code /runs/} the only free path segment is the run id: that is what was
	 * malformed (as the firewall's refusals say too).
	 */
	private static void refuse(HttpServletRequest request, HttpServletResponse response, String path)
			throws IOException {
		boolean runPath = path.startsWith("/runs/");
		ProblemType type = ProblemType.INVALID_PARAMETER;
		String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":400,\"detail\":\""
				+ (runPath ? RUN_ID_DETAIL : DETAIL) + "\",\"parameter\":\"" + (runPath ? "run_id" : "path")
				+ "\",\"instance\":\"" + (runPath ? "/runs" : "/") + "\",\"request_id\":\"" + RequestIds.of(request)
				+ "\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatus(type.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

}
