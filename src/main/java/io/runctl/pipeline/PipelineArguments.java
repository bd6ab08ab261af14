package io.runctl.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.runctl.web.QueryParameterSource;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets a controller method take {@link PipelineCoordinates} or {@link RunCoordinates} as
 * an argument, resolved from the {@code run_id} path variable and the four query
 * parameters (or the lock file), and validated before the method runs.
 */
@Component
class PipelineArguments implements HandlerMethodArgumentResolver, WebMvcConfigurer, QueryParameterSource {

	/** The query parameters that name a pipeline version, in API.md's order. */
	static final List<String> QUERY_PARAMETERS = List.of("user_id", "app_id", "pipeline_id", "pipeline_version_id");

	static final String RUN_ID = "run_id";

	private final PipelineResolver resolver;

	private final List<PipelineAccess> access;

	PipelineArguments(PipelineResolver resolver, List<PipelineAccess> access) {
		this.resolver = resolver;
		this.access = access;
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public Collection<String> queryParameters(MethodParameter parameter) {
		return supportsParameter(parameter) ? QUERY_PARAMETERS : List.of();
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == PipelineCoordinates.class || type == RunCoordinates.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
			NativeWebRequest request, @Nullable WebDataBinderFactory binders) {
		if (parameter.getParameterType() == RunCoordinates.class) {
			Ids.require(RUN_ID, pathVariable(request, RUN_ID));
		}
		PipelineCoordinates pipeline = this.resolver.resolve(query(request, "user_id"), query(request, "app_id"),
				query(request, "pipeline_id"), query(request, "pipeline_version_id"));
		RunCoordinates run = (parameter.getParameterType() == RunCoordinates.class)
				? pipeline.run(pathVariable(request, RUN_ID)) : null;
		this.access.forEach((check) -> check.check(pipeline, run));
		return (run != null) ? run : pipeline;
	}

	private static @Nullable String query(NativeWebRequest request, String name) {
		String[] values = request.getParameterValues(name);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new io.runctl.web.InvalidParameterException(name, "'" + name + "' must be given at most once.");
		}
		return values[0];
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String pathVariable(NativeWebRequest request, String name) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		return (variables instanceof Map<?, ?> map) ? (String) ((Map<String, String>) map).get(name) : null;
	}

}
