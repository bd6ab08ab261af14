package io.runctl.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.web.InvalidParameterException;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * A URL the firewall refuses (an encoded slash, {@code ..}, a space or a non-ASCII
 * character in the path) is answered with {@code 400 invalid-parameter} like any other
 * malformed id, not with an empty 400. Under {@code /runs/} the only free path segment is
 * the run id, so that is the parameter named.
 */
@Component
class RejectedRequests implements RequestRejectedHandler {

	private final ProblemWriter problems;

	RejectedRequests(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException {
		String uri = request.getRequestURI();
		InvalidParameterException problem = (uri != null && uri.startsWith("/runs/"))
				? new InvalidParameterException("run_id",
						"'run_id' must be 1 to 128 letters, digits, '_' or '-', starting with a letter or digit.")
				: new InvalidParameterException("path", "The request path is malformed or unsafe.");
		this.problems.write(problem, request, response);
	}

}
