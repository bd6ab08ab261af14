package io.runctl.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the parameters behind a hidden {@link RunCoordinates} or
 * {@link PipelineCoordinates} argument: the {@code run_id} path variable and the four
 * optional query parameters that fall back to {@code config-lock.yaml}.
 */
@Component
class CoordinatesOpenApi implements OperationCustomizer {

	/** Each query parameter, its key in config-lock.yaml and an example value. */
	private static final Map<String, String[]> QUERY = Map.of("user_id",
			new String[] { "pipeline.user_id", "acme-user", " `me` means the token's own user." }, "app_id",
			new String[] { "pipeline.app_id", "pipelines-app", "" }, "pipeline_id",
			new String[] { "pipeline.id", "hello-world-pipeline", "" }, "pipeline_version_id",
			new String[] { "pipeline.version_id", "48862434906f482e94a2ec638a4233a1", "" });

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		boolean run = takes(handlerMethod, RunCoordinates.class);
		if (!run && !takes(handlerMethod, PipelineCoordinates.class)) {
			return operation;
		}
		List<Parameter> parameters = new ArrayList<>();
		if (run) {
			parameters.add(new Parameter().in("path")
				.name(PipelineArguments.RUN_ID)
				.required(true)
				.description("The run's id.")
				.schema(new StringSchema().pattern(Ids.PATTERN))
				.example("e8c41c0b6d334daba757a73e99ef0e2d"));
		}
		for (String name : PipelineArguments.QUERY_PARAMETERS) {
			String[] about = QUERY.get(name);
			parameters.add(new Parameter().in("query")
				.name(name)
				.required(false)
				.description("Optional; falls back to config-lock.yaml (`" + about[0]
						+ "`). Missing in both: 400 missing-parameters. Must match the id pattern, else 400 "
						+ "invalid-parameter and no upstream call." + about[2])
				.schema(new StringSchema().pattern(Ids.PATTERN))
				.example(about[1]));
		}
		if (operation.getParameters() != null) {
			operation.getParameters()
				.stream()
				.filter((existing) -> parameters.stream()
					.noneMatch((added) -> added.getName().equals(existing.getName())))
				.forEach(parameters::add);
		}
		operation.setParameters(parameters);
		return operation;
	}

	private static boolean takes(HandlerMethod handlerMethod, Class<?> type) {
		for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
			if (parameter.getParameterType() == type) {
				return true;
			}
		}
		return false;
	}

}
