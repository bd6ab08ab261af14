package io.runctl.testing;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.junit.Stubbing;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The upstream platform's wire format for WireMock stubs, built from CLARIFAI_API.md
 * section 8: the identifiers of its examples, the envelope, and a run body per state.
 */
public final class Upstream {

	public static final String PAT = "test-pat-7f3a9c1e5b";

	public static final String USER = "acme-user";

	public static final String APP = "pipelines-app";

	public static final String PIPELINE = "hello-world-pipeline";

	public static final String VERSION = "48862434906f482e94a2ec638a4233a1";

	public static final String RUN = "e8c41c0b6d334daba757a73e99ef0e2d";

	/** The query string that addresses the example pipeline explicitly. */
	public static final String COORDINATES = "user_id=" + USER + "&app_id=" + APP + "&pipeline_id=" + PIPELINE
			+ "&pipeline_version_id=" + VERSION;

	public static final String PREFIX = "/v2/users/" + USER + "/apps/" + APP + "/pipelines/" + PIPELINE + "/versions/"
			+ VERSION;

	private Upstream() {
	}

	/**
	 * A WireMock upstream on a free port, for a test class's {@code @RegisterExtension}.
	 */
	public static WireMockExtension wireMock() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
	}

	/**
	 * Points the service at this WireMock upstream with the test token, and away from any
	 * lock file in the working directory.
	 */
	public static void target(DynamicPropertyRegistry registry, WireMockExtension upstream) {
		registry.add("runctl.upstream.base-url", upstream::baseUrl);
		registry.add("runctl.upstream.pat", () -> PAT);
		registry.add("runctl.lock-file", () -> "target/no-lock-file.yaml");
	}

	public static String runPath(String runId) {
		return PREFIX + "/runs/" + runId;
	}

	public static String runsPath() {
		return PREFIX + "/runs";
	}

	public static String logsPath(String runId) {
		return runPath(runId) + "/pipeline.version.run/logs";
	}

	public static String statusLogsPath(String runId) {
		return runPath(runId) + "/status_logs";
	}

	/**
	 * The body of one run in the given state, as {@code pipeline_version_run} or a list
	 * element.
	 */
	public static String runJson(String runId, int code, String description) {
		String status = (code == 0) ? "" : "\"orchestration_status\":{\"status\":{\"code\":" + code
				+ ",\"description\":\"" + description + "\"}},";
		return "{\"id\":\"" + runId + "\",\"user_id\":\"" + USER + "\",\"app_id\":\"" + APP + "\","
				+ "\"pipeline_version\":{\"id\":\"" + VERSION + "\",\"pipeline_id\":\"" + PIPELINE + "\"}," + status
				+ "\"created_at\":\"2026-04-23T13:40:02.512330Z\",\"modified_at\":\"2026-04-23T13:41:25.100200Z\","
				+ "\"started_at\":\"2026-04-23T13:40:20Z\",\"total_run_duration\":\"65.100s\"}";
	}

	public static String ok() {
		return "{\"code\":10000,\"description\":\"Ok\",\"req_id\":\"req-ok-1\"}";
	}

	public static String getRunBody(String runId, int code, String description) {
		return "{\"status\":" + ok() + ",\"pipeline_version_run\":" + runJson(runId, code, description) + "}";
	}

	public static String patchBody(String runId, int code, String description) {
		return "{\"status\":" + ok() + ",\"pipeline_version_runs\":[" + runJson(runId, code, description) + "]}";
	}

	public static String error(int code, String description, String details) {
		return "{\"status\":{\"code\":" + code + ",\"description\":\"" + description + "\",\"details\":\"" + details
				+ "\",\"req_id\":\"req-err-" + code + "\"}}";
	}

	public static ResponseDefinitionBuilder json(int httpStatus, String body) {
		return aResponse().withStatus(httpStatus).withHeader("Content-Type", "application/json").withBody(body);
	}

	public static MappingBuilder getRun(String runId) {
		return get(urlPathEqualTo(runPath(runId)));
	}

	public static MappingBuilder patchRuns() {
		return patch(urlPathEqualTo(runsPath()));
	}

	/** Stubs GET of the example run in a state. */
	public static void runIs(Stubbing upstream, int code, String description) {
		upstream.stubFor(getRun(RUN).willReturn(json(200, getRunBody(RUN, code, description))));
	}

	/**
	 * A {@code ListLogEntries} answer (CLARIFAI_API.md section 8.5) for the given page
	 * and messages; entry urls are {@code <runId>-<index>}.
	 */
	public static String logsBody(String runId, int page, int firstIndex, java.util.List<String> messages) {
		StringBuilder entries = new StringBuilder();
		for (int i = 0; i < messages.size(); i++) {
			if (i > 0) {
				entries.append(',');
			}
			entries.append("{\"message\":")
				.append(quote(messages.get(i)))
				.append(",\"log_type\":\"pipeline.version.run\",\"url\":\"")
				.append(runId)
				.append("-")
				.append(firstIndex + i)
				.append("\"}");
		}
		return "{\"status\":" + ok() + ",\"log_entries\":[" + entries + "],\"page\":" + page + ",\"per_page\":50}";
	}

	/** Stubs one page of the run's log. */
	public static void logPageIs(Stubbing upstream, String runId, int page, int firstIndex,
			java.util.List<String> messages) {
		upstream.stubFor(get(urlPathEqualTo(logsPath(runId))).withQueryParam("page", WireMock.equalTo("" + page))
			.withQueryParam("per_page", WireMock.equalTo("50"))
			.willReturn(json(200, logsBody(runId, page, firstIndex, messages))));
	}

	/** Stubs every page not stubbed otherwise as empty: the run has no more log (yet). */
	public static void noMoreLogs(Stubbing upstream, String runId) {
		upstream.stubFor(get(urlPathEqualTo(logsPath(runId))).atPriority(10)
			.willReturn(json(200, "{\"status\":" + ok() + ",\"log_entries\":[]}")));
	}

	/** A JSON string literal. */
	public static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				default -> quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	/** Every request the upstream received, for asserting that none was made. */
	public static int requestCount(Admin upstream) {
		return upstream.getServeEvents().getRequests().size();
	}

	public static com.github.tomakehurst.wiremock.client.CountMatchingStrategy never() {
		return WireMock.exactly(0);
	}

}
