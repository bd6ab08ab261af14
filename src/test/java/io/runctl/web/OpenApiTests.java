package io.runctl.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description documents every operation, its parameters and its problems.
 */
class OpenApiTests extends UpstreamWebTest {

	private static final List<String> COORDINATES = List.of("user_id", "app_id", "pipeline_id", "pipeline_version_id");

	private static final Set<String> UPSTREAM_STATUSES = Set.of("400", "404", "429", "502", "503", "504");

	private static final Map<String, Set<String>> CONTROL_PROBLEMS = Map.of("409",
			Set.of("invalid-transition", "request-in-progress"), "412", Set.of("precondition-failed"), "422",
			Set.of("idempotency-key-reused"), "400", Set.of("missing-parameters", "invalid-parameter"), "502",
			Set.of("upstream-rejected", "upstream-auth-failed"), "503",
			Set.of("upstream-unavailable", "service-unavailable"));

	@Autowired
	JsonMapper json;

	@Test
	void everyRunsOperationShouldDocumentItsCoordinatesAndProblems() throws Exception {
		JsonNode docs = apiDocs();
		JsonNode paths = docs.get("paths");
		List<String> expected = List.of("/runs", "/runs/{run_id}", "/runs/{run_id}/history", "/runs/{run_id}/pause",
				"/runs/{run_id}/resume", "/runs/{run_id}/cancel", "/runs/{run_id}/monitor");
		for (String path : expected) {
			assertThat(paths.has(path)).as(path).isTrue();
		}
		int operations = 0;
		for (var path : paths.properties()) {
			if (!path.getKey().startsWith("/runs")) {
				continue;
			}
			for (var operation : path.getValue().properties()) {
				operations++;
				String where = operation.getKey() + " " + path.getKey();
				JsonNode op = operation.getValue();
				assertThat(op.path("summary").asString()).as(where).isNotBlank();
				assertThat(op.path("description").asString()).as(where).isNotBlank();
				for (String name : COORDINATES) {
					JsonNode parameter = parameter(op, name);
					assertThat(parameter).as(where + " " + name).isNotNull();
					assertThat(parameter.get("in").asString()).isEqualTo("query");
					assertThat(parameter.path("required").asBoolean(false)).isFalse();
					assertThat(parameter.path("schema").path("pattern").asString())
						.isEqualTo("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$");
					assertThat(parameter.path("description").asString()).contains("config-lock.yaml");
					assertThat(parameter.has("example")).isTrue();
				}
				if (path.getKey().contains("{run_id}")) {
					JsonNode runId = parameter(op, "run_id");
					assertThat(runId).as(where + " run_id").isNotNull();
					assertThat(runId.get("in").asString()).isEqualTo("path");
					assertThat(runId.get("required").asBoolean()).isTrue();
				}
				JsonNode responses = op.get("responses");
				assertThat(responses.has("200")).as(where + " 200").isTrue();
				String media = path.getKey().endsWith("/monitor") ? "text/event-stream" : "application/json";
				assertThat(responses.get("200").path("content").has(media)).as(where).isTrue();
				for (String status : UPSTREAM_STATUSES) {
					assertProblem(where, responses, status);
				}
				if (path.getKey().endsWith("/monitor")) {
					// While the instance shuts down.
					assertThat(assertProblem(where, responses, "503").has("service-unavailable")).as(where).isTrue();
				}
				if (path.getKey().matches("/runs/\\{run_id}/(pause|resume|cancel)")) {
					CONTROL_PROBLEMS.forEach((status, slugs) -> {
						JsonNode examples = assertProblem(where, responses, status);
						slugs.forEach((slug) -> assertThat(examples.has(slug)).as(where + " " + slug).isTrue());
					});
					assertThat(op.path("requestBody").path("content").has("application/json")).isTrue();
					assertThat(parameter(op, "dry_run")).isNotNull();
					assertThat(parameter(op, "If-Match")).isNotNull();
					assertThat(parameter(op, "Idempotency-Key")).isNotNull();
				}
			}
		}
		assertThat(operations).isEqualTo(expected.size());
		assertThat(responseHeader(paths, "/runs/{run_id}", "429", "Retry-After")).isTrue();
		assertThat(responseHeader(paths, "/runs/{run_id}", "503", "Retry-After")).isTrue();
		assertThat(responseHeader(paths, "/runs/{run_id}", "200", "ETag")).isTrue();
		JsonNode list = paths.path("/runs").path("get");
		assertThat(parameter(list, "page").path("schema").path("type").asString()).isEqualTo("integer");
		assertThat(parameter(list, "per_page").path("schema").path("maximum").asInt()).isEqualTo(128);
		assertThat(parameter(list, "state").path("schema").path("items").path("enum")).hasSize(9);
	}

	@Test
	void descriptionShouldExplainTheContractAndListEveryProblem() throws Exception {
		JsonNode docs = apiDocs();
		String description = docs.path("info").path("description").asString();
		assertThat(description).contains("config-lock.yaml", "Idempotency-Key", "If-Match", "ETag", "dry_run",
				"X-Request-Id");
		for (ProblemType type : ProblemType.values()) {
			assertThat(description).contains("`" + type.slug() + "`").contains("| " + type.status().value() + " |");
		}
		assertThat(docs.path("components").path("schemas").has("Problem")).isTrue();
	}

	@Test
	void schemasShouldUseSnakeCase() throws Exception {
		JsonNode schemas = apiDocs().path("components").path("schemas");
		assertThat(schemas.path("Run").path("properties").has("allowed_actions")).isTrue();
		assertThat(schemas.path("Run").path("properties").has("allowedActions")).isFalse();
		assertThat(schemas.path("ControlResult").path("properties").has("previous_state")).isTrue();
		assertThat(schemas.path("RunPage").path("properties").has("per_page")).isTrue();
	}

	@Test
	void errorPageShouldNotBeDocumented() throws Exception {
		assertThat(apiDocs().path("paths").has("/error")).isFalse();
	}

	@Test
	void problemPagesShouldBeDocumented() throws Exception {
		JsonNode op = apiDocs().path("paths").path("/problems/{slug}").path("get");
		assertThat(op.path("responses").path("200").path("content").has("text/html")).isTrue();
		assertThat(op.path("responses").path("404").path("content").has("application/problem+json")).isTrue();
	}

	@Test
	void swaggerUiShouldBeServed() {
		var redirect = this.mvc.get().uri("/swagger-ui.html").exchange();
		assertThat(redirect.getResponse().getStatus()).isIn(200, 302);
		String location = redirect.getResponse().getRedirectedUrl();
		assertThat(location).contains("swagger-ui/index.html");
		assertThat(this.mvc.get().uri(location)).hasStatusOk().bodyText().containsIgnoringCase("swagger");
	}

	private JsonNode apiDocs() throws Exception {
		var result = this.mvc.get().uri("/v3/api-docs").exchange();
		assertThat(result).hasStatusOk();
		return this.json.readTree(result.getResponse().getContentAsString());
	}

	private static JsonNode assertProblem(String where, JsonNode responses, String status) {
		JsonNode media = responses.path(status).path("content").path("application/problem+json");
		assertThat(media.isMissingNode()).as(where + " " + status + " problem").isFalse();
		assertThat(media.path("schema").path("$ref").asString()).endsWith("/Problem");
		JsonNode examples = media.path("examples");
		assertThat(examples.size()).as(where + " " + status + " examples").isPositive();
		for (var example : examples.properties()) {
			assertThat(example.getValue().path("value").path("type").asString())
				.isEqualTo("/problems/" + example.getKey());
			assertThat(example.getValue().path("value").path("status").asString()).isEqualTo(status);
		}
		return examples;
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		for (JsonNode parameter : operation.path("parameters")) {
			if (parameter.path("name").asString().equals(name)) {
				return parameter;
			}
		}
		return null;
	}

	private static boolean responseHeader(JsonNode paths, String path, String status, String header) {
		return paths.path(path).path("get").path("responses").path(status).path("headers").has(header);
	}

}
