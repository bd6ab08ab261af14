package io.runctl.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every query parameter of the API is one the endpoint takes, given once and not empty:
 * {@code ?dryRun=true}, {@code ?dry_run=} or {@code ?page=1&page=2} is
 * {@code 400 invalid-parameter}, never ignored, read as a default or as one of the two (a
 * misspelt {@code dry_run} would otherwise act for real). Only {@code state} may be
 * repeated ({@code GET /runs}), each time with a value.
 */
class SingleQueryValues implements HandlerInterceptor {

	private static final Set<String> REPEATABLE = Set.of("state");

	private final List<QueryParameterSource> sources;

	private final Map<HandlerMethod, Set<String>> known = new ConcurrentHashMap<>();

	SingleQueryValues(List<QueryParameterSource> sources) {
		this.sources = sources;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			// Checked once, on the request itself: on the dispatch that writes an async
			// answer, Jetty lists every query parameter twice.
			return true;
		}
		Set<String> takes = (handler instanceof HandlerMethod method) ? this.known.computeIfAbsent(method, this::takes)
				: null;
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			String name = parameter.getKey();
			String[] values = parameter.getValue();
			if (takes != null && !takes.contains(name)) {
				throw new InvalidParameterException(name, "'" + name + "' is not a parameter of this endpoint"
						+ (takes.isEmpty() ? ", which takes none." : "; it takes " + String.join(", ", takes) + "."));
			}
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

	private Set<String> takes(HandlerMethod method) {
		Set<String> names = new TreeSet<>();
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param != null && !param.name().isEmpty()) {
				names.add(param.name());
			}
			this.sources.forEach((source) -> names.addAll(source.queryParameters(parameter)));
		}
		return names;
	}

}
