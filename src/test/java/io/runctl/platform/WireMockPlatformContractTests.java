package io.runctl.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The platform contract against WireMock. Each run is a small WireMock scenario built
 * from CLARIFAI_API.md: a GET body per state (section 8.2), a PATCH per allowed
 * transition of the state table (section 7) that moves the scenario, 26302 for every
 * other PATCH (section 8.4), log pages with the last page beyond the end (sections 5.6
 * and 8.5), status history (8.6), 404 11101 for what does not exist and 401 11009 for a
 * wrong key.
 */
class WireMockPlatformContractTests extends PlatformContractTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	private static final String AUTHORIZATION = "Key " + Upstream.PAT;

	private static final Map<Integer, String> DESCRIPTIONS = Map.of(QUEUED, "Queued", RUNNING, "Running", PAUSED,
			"Paused", COMPLETED, "Completed", FAILED, "Failed", CANCELLED, "Cancelled");

	private static final Map<Integer, List<Integer>> ALLOWED = Map.of(QUEUED, List.of(PAUSED, CANCELLED), RUNNING,
			List.of(PAUSED, CANCELLED), PAUSED, List.of(RUNNING, CANCELLED));

	private static final Map<Integer, String> NAMES = Map.of(RUNNING, "JOB_RUNNING", PAUSED, "JOB_PAUSED", CANCELLED,
			"JOB_CANCELLED");

	private static final AtomicInteger ids = new AtomicInteger();

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, Integer> runs = new LinkedHashMap<>();

	private final PlatformClient client = clientWithToken(Upstream.PAT);

	@Override
	protected PlatformClient client() {
		return this.client;
	}

	@Override
	protected String baseUrl() {
		return upstream.baseUrl();
	}

	@Override
	protected PipelineCoordinates pipeline() {
		return new PipelineCoordinates(Upstream.USER, Upstream.APP, Upstream.PIPELINE, Upstream.VERSION);
	}

	@BeforeEach
	void stubWhatDoesNotExist() {
		upstream.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(Upstream.json(401, Upstream.error(11009, "API key not found", "invalid key"))));
		upstream.stubFor(get(urlPathMatching("/v2/.*")).atPriority(9)
			.withHeader("Authorization", equalTo(AUTHORIZATION))
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "not found"))));
		upstream.stubFor(patch(urlPathMatching("/v2/.*")).atPriority(9)
			.withHeader("Authorization", equalTo(AUTHORIZATION))
			.willReturn(Upstream.json(404,
					write(envelope(error(11101, "Resource does not exist"), "pipeline_version_runs", List.of())))));
	}

	@Override
	protected RunCoordinates runIn(int code) {
		return stubRun(code, (code == QUEUED) ? 0 : 3);
	}

	@Override
	protected RunCoordinates runWithLogs(int atLeast) {
		return stubRun(COMPLETED, atLeast);
	}

	private RunCoordinates stubRun(int initial, int logEntries) {
		String id = String.format("%032x", ids.incrementAndGet());
		for (int code : DESCRIPTIONS.keySet()) {
			upstream.stubFor(inState(get(urlPathEqualTo(Upstream.runPath(id))), id, code, initial)
				.willReturn(Upstream.json(200, write(envelope(ok(), "pipeline_version_run", run(id, code))))));
			upstream.stubFor(inState(get(urlPathEqualTo(Upstream.statusLogsPath(id))), id, code, initial).willReturn(
					Upstream.json(200, write(envelope(ok(), "pipeline_version_run_status_logs", history(id, code))))));
			for (int target : ALLOWED.getOrDefault(code, List.of())) {
				upstream.stubFor(inState(patch(urlPathEqualTo(Upstream.runsPath())), id, code, initial)
					.withRequestBody(matchingJsonPath("$.action", equalTo("overwrite")))
					.withRequestBody(matchingJsonPath("$.pipeline_version_runs[0].id", equalTo(id)))
					.withRequestBody(matchingJsonPath("$.pipeline_version_runs[0].orchestration_status.status.code",
							equalTo(String.valueOf(target)).or(equalTo(NAMES.get(target)))))
					.willReturn(Upstream.json(200,
							write(envelope(ok(), "pipeline_version_runs", List.of(run(id, target))))))
					.willSetStateTo(state(target, initial)));
			}
		}
		upstream.stubFor(patch(urlPathEqualTo(Upstream.runsPath())).atPriority(5)
			.withHeader("Authorization", equalTo(AUTHORIZATION))
			.withRequestBody(matchingJsonPath("$.pipeline_version_runs[0].id", equalTo(id)))
			.willReturn(Upstream.json(400,
					write(envelope(error(26302, "Invalid request"), "pipeline_version_runs", List.of())))));
		stubLogs(id, logEntries);
		this.runs.put(id, initial);
		stubLists();
		return pipeline().run(id);
	}

	private static ScenarioMappingBuilder inState(MappingBuilder request, String id, int code, int initial) {
		return request.atPriority(1)
			.withHeader("Authorization", equalTo(AUTHORIZATION))
			.inScenario(id)
			.whenScenarioStateIs(state(code, initial));
	}

	private static String state(int code, int initial) {
		return (code == initial) ? Scenario.STARTED : String.valueOf(code);
	}

	/** Pages of 5 and 50, as the contract asks them; any later page answers the last. */
	private void stubLogs(String id, int count) {
		List<Map<String, Object>> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(Map.of("message",
					"time=\"2026-04-23T13:40:25.268Z\" level=info msg=\"Starting Workflow Executor\" version=v3.7.9\n"
							+ "{\"msg\": \"stepA processed: item " + i
							+ "\", \"@timestamp\": \"2026-04-23T13:40:31.002Z\", \"level\": \"info\"}",
					"log_type", "pipeline.version.run", "url", "https://logs.example/" + id + "/" + i));
		}
		for (int perPage : new int[] { 5, 50 }) {
			int last = Math.max(1, (count + perPage - 1) / perPage);
			for (int page = 1; page <= last; page++) {
				upstream.stubFor(logPage(id, perPage, page, entries).atPriority(1)
					.withQueryParam("page", equalTo(String.valueOf(page))));
			}
			upstream.stubFor(logPage(id, perPage, last, entries).atPriority(2));
		}
	}

	private MappingBuilder logPage(String id, int perPage, int page, List<Map<String, Object>> entries) {
		List<Map<String, Object>> slice = entries.subList(Math.min(entries.size(), (page - 1) * perPage),
				Math.min(entries.size(), page * perPage));
		Map<String, Object> body = envelope(ok(), "log_entries", slice);
		body.put("page", page);
		body.put("per_page", perPage);
		return get(urlPathEqualTo(Upstream.logsPath(id))).withHeader("Authorization", equalTo(AUTHORIZATION))
			.withQueryParam("per_page", equalTo(String.valueOf(perPage)))
			.willReturn(Upstream.json(200, write(body)));
	}

	/**
	 * The list endpoint answers the runs by the state they were created in, newest first.
	 */
	private void stubLists() {
		List<String> newestFirst = new ArrayList<>(this.runs.keySet());
		java.util.Collections.reverse(newestFirst);
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).atPriority(1)
			.withHeader("Authorization", equalTo(AUTHORIZATION))
			.withQueryParam("status_codes", absent())
			.willReturn(Upstream.json(200, write(envelope(ok(), "pipeline_version_runs",
					newestFirst.stream().map((id) -> run(id, this.runs.get(id))).toList())))));
		for (int code : DESCRIPTIONS.keySet()) {
			upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).atPriority(1)
				.withHeader("Authorization", equalTo(AUTHORIZATION))
				.withQueryParam("status_codes", equalTo(String.valueOf(code)))
				.willReturn(Upstream.json(200,
						write(envelope(ok(), "pipeline_version_runs",
								newestFirst.stream()
									.filter((id) -> this.runs.get(id) == code)
									.map((id) -> run(id, code))
									.toList())))));
		}
	}

	/** A run body in a state, as in CLARIFAI_API.md section 8.2. */
	private static Map<String, Object> run(String id, int code) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("code", code);
		status.put("description", DESCRIPTIONS.get(code));
		if (code == FAILED) {
			status.put("details", "step-1 exited with code 1");
		}
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("id", id);
		run.put("user_id", Upstream.USER);
		run.put("app_id", Upstream.APP);
		run.put("pipeline_version", Map.of("id", Upstream.VERSION, "pipeline_id", Upstream.PIPELINE, "app_id",
				Upstream.APP, "user_id", Upstream.USER));
		run.put("orchestration_status", Map.of("status", status));
		run.put("created_at", "2026-04-23T13:40:02.512330Z");
		run.put("modified_at", "2026-04-23T13:41:25.100200Z");
		if (code != QUEUED) {
			run.put("started_at", "2026-04-23T13:40:20Z");
			run.put("total_run_duration", "65.100s");
		}
		if (code == COMPLETED || code == FAILED || code == CANCELLED) {
			run.put("ended_at", "2026-04-23T13:42:54Z");
		}
		return run;
	}

	/** The status history that led to a state, as in CLARIFAI_API.md section 8.6. */
	private static List<Map<String, Object>> history(String id, int code) {
		List<Map<String, Object>> history = new ArrayList<>();
		history.add(change(id, QUEUED, "2026-04-23T13:40:02Z", null));
		if (code != QUEUED) {
			history.add(change(id, RUNNING, "2026-04-23T13:40:20Z", null));
		}
		if (code != QUEUED && code != RUNNING) {
			history.add(change(id, code, "2026-04-23T13:41:40Z",
					(code == PAUSED || code == CANCELLED) ? Upstream.USER : null));
		}
		return history;
	}

	private static Map<String, Object> change(String id, int code, String at, String user) {
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("id", id + "-" + code);
		change.put("pipeline_version_run_id", id);
		change.put("status", Map.of("code", code));
		if (user != null) {
			change.put("message", "Changed by user");
			change.put("triggered_by_user_id", user);
		}
		change.put("created_at", at);
		return change;
	}

	private static Map<String, Object> ok() {
		return Map.of("code", 10000, "description", "Ok", "req_id", "req-ok-1");
	}

	private static Map<String, Object> error(int code, String description) {
		return Map.of("code", code, "description", description, "details", "refused by the stub", "req_id",
				"req-err-" + code);
	}

	private static Map<String, Object> envelope(Map<String, Object> status, String field, Object value) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put(field, value);
		return body;
	}

	private String write(Object body) {
		return this.json.writeValueAsString(body);
	}

}
