package io.runctl.web;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every query parameter of the API is given once and is not empty: {@code ?dry_run=} or
 * {@code ?page=1&page=2} is {@code 400 invalid-parameter}, never read as a default or as
 * one of the two. Only {@code state} may be repeated ({@code GET /runs}), each time with
 * a value.
 */
class SingleQueryValues implements HandlerInterceptor {

	private static final Set<String> REPEATABLE = Set.of("state");

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			// Checked once, on the request itself: on the dispatch that writes an async
			// answer, Jetty lists every query parameter twice.
			return true;
		}
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			String[] values = parameter.getValue();
			if (values.length > 1 && !REPEATABLE.contains(name)) {
				throw new InvalidParameterException(name, "'" + name + "' must be given at most once.");
			}
			for (String value : values) {
				if (value == null || value.isBlank()) {
					throw new InvalidParameterException(name, "'" + name + "' must have a value.");
				}
			}
		}
		return true;
	}

}
