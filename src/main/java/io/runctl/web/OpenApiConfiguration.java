package io.runctl.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the whole API: what API.md says in prose, the problem types
 * and their examples, and snake_case schemas as the JSON really is.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM_SCHEMA = "Problem";

	private static final List<ProblemType> UPSTREAM = List.of(ProblemType.UPSTREAM_THROTTLED,
			ProblemType.UPSTREAM_REJECTED, ProblemType.UPSTREAM_AUTH_FAILED, ProblemType.UPSTREAM_UNAVAILABLE,
			ProblemType.UPSTREAM_TIMEOUT);

	@Bean
	OpenAPI runctlOpenApi(ObjectProvider<BuildProperties> build) {
		BuildProperties properties = build.getIfAvailable();
		return new OpenAPI()
			.info(new Info().title("runctl")
				.version((properties != null) ? properties.getVersion() : "dev")
				.description(OpenApiDescription.text()))
			.components(new Components().addSchemas(PROBLEM_SCHEMA, problemSchema()));
	}

	/** Schemas in snake_case, as {@code spring.jackson.property-naming-strategy} says. */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OperationCustomizer problemResponsesCustomizer() {
		return (operation, handlerMethod) -> {
			ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
			if (declared == null) {
				return operation;
			}
			Stream<ProblemType> types = Stream.concat(Arrays.stream(declared.value()),
					declared.upstream() ? UPSTREAM.stream() : Stream.empty());
			Map<Integer, List<ProblemType>> byStatus = types.distinct()
				.collect(Collectors.groupingBy((type) -> type.status().value(), TreeMap::new, Collectors.toList()));
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			byStatus
				.forEach((status, problems) -> responses.addApiResponse(Integer.toString(status), response(problems)));
			operation.setResponses(responses);
			return operation;
		};
	}

	private static ApiResponse response(List<ProblemType> problems) {
		MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
		for (ProblemType type : problems) {
			media.addExamples(type.slug(),
					new Example().summary(type.title())
						.description(type.description())
						.value(ProblemExamples.of(type)));
		}
		ApiResponse response = new ApiResponse()
			.description(problems.stream()
				.map((type) -> "`" + type.slug() + "`: " + type.description())
				.collect(Collectors.joining(" ")))
			.content(new Content().addMediaType("application/problem+json", media));
		if (problems.stream().anyMatch((type) -> type.status().value() == 429 || type.status().value() == 503)) {
			response.addHeaderObject("Retry-After",
					new Header().description("Seconds to wait before retrying").schema(new IntegerSchema()));
		}
		return response;
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema()
			.description("An RFC 9457 problem (application/problem+json). Extension fields "
					+ "depend on the type: `parameter` (invalid-parameter), `missing` (missing-parameters), `run_id`, "
					+ "`action`, `current_state`, `allowed_actions` (invalid-transition), `current_etag` "
					+ "(precondition-failed), `upstream_code`, `upstream_description`, `upstream_details`, "
					+ "`upstream_request_id` (upstream-rejected and the other refusals of the upstream).")
			.addProperty("type",
					new StringSchema().description("/problems/<slug>; GET it for a page about it")
						.example("/problems/invalid-transition"))
			.addProperty("title", new StringSchema().example("Invalid transition"))
			.addProperty("status", new IntegerSchema().example(409))
			.addProperty("detail", new StringSchema().example(
					"pause is allowed only when the run is QUEUED or RUNNING; run e8c41c0b6d334daba757a73e99ef0e2d is COMPLETED."))
			.addProperty("instance", new StringSchema().example("/runs/e8c41c0b6d334daba757a73e99ef0e2d/pause"))
			.addProperty("request_id",
					new StringSchema().description("The X-Request-Id of the answer").example("5f0c6a1e9b2d4c7f8e3a"))
			.addProperty("parameter", new StringSchema().nullable(true))
			.addProperty("missing", new ArraySchema().items(new StringSchema()))
			.additionalProperties(true)
			.required(List.of("type", "title", "status", "request_id"));
	}

}
