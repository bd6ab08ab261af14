package io.runctl.run;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /runs/{run_id}}, {@code GET /runs} and {@code GET /runs/{run_id}/history}.
 */
class RunReadTests extends UpstreamWebTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "64000 | QUEUED           | false | [\"pause\",\"cancel\"]",
			"64001 | RUNNING          | false | [\"pause\",\"cancel\"]",
			"64008 | PAUSED           | false | [\"resume\",\"cancel\"]", "64002 | COMPLETED        | true  | []",
			"10000 | COMPLETED        | true  | []", "64003 | FAILED           | true  | []",
			"64006 | UNEXPECTED_ERROR | true  | []", "64004 | CANCELLED        | true  | []",
			"64007 | CONFLICT         | false | [\"cancel\"]", "0     | UNKNOWN          | false | [\"cancel\"]",
			"12345 | UNKNOWN          | false | [\"cancel\"]" })
	void getRunShouldAnswerTheStateTable(int code, String state, boolean terminal, String allowed) {
		Upstream.runIs(upstream, code, "Some");

		assertThat(this.mvc.get().uri(run())).hasStatusOk()
			.hasContentType("application/json")
			.bodyJson()
			.isLenientlyEqualTo("{\"id\":\"" + Upstream.RUN + "\",\"state\":\"" + state + "\",\"terminal\":" + terminal
					+ ",\"allowed_actions\":" + allowed + ",\"upstream_status\":{\"code\":" + code + "}}");
	}

	@Test
	void getRunShouldAnswerTheWholeResource() {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.get().uri(run())).hasStatusOk().containsHeader("ETag").bodyJson().isStrictlyEqualTo("""
				{"id": "e8c41c0b6d334daba757a73e99ef0e2d", "user_id": "acme-user", "app_id": "pipelines-app",
				 "pipeline_id": "hello-world-pipeline", "pipeline_version_id": "48862434906f482e94a2ec638a4233a1",
				 "state": "RUNNING", "terminal": false, "allowed_actions": ["pause", "cancel"],
				 "upstream_status": {"code": 64001, "description": "Running"},
				 "created_at": "2026-04-23T13:40:02.512330Z", "modified_at": "2026-04-23T13:41:25.100200Z",
				 "started_at": "2026-04-23T13:40:20Z", "ended_at": null, "total_run_duration_seconds": 65.1}""");
	}

	@Test
	void etagShouldChangeWhenTheRunChanges() {
		Upstream.runIs(upstream, 64001, "Running");
		String running = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");
		String again = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");
		Upstream.runIs(upstream, 64008, "Paused");
		String paused = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");

		assertThat(running).startsWith("\"").endsWith("\"").isEqualTo(again).isNotEqualTo(paused);
	}

	@Test
	void listShouldAnswerAPageOfRuns() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).willReturn(Upstream.json(200,
				"{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":["
						+ Upstream.runJson("r2", 64001, "Running") + "," + Upstream.runJson("r1", 64002, "Completed")
						+ "]}")));

		assertThat(this.mvc.get().uri("/runs?" + Upstream.COORDINATES)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"page": 1, "per_page": 50, "runs": [
				  {"id": "r2", "state": "RUNNING", "pipeline_id": "hello-world-pipeline"},
				  {"id": "r1", "state": "COMPLETED", "terminal": true}]}""");
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withQueryParam("page", equalTo("1"))
			.withQueryParam("per_page", equalTo("50"))
			.withoutQueryParam("status_codes"));
	}

	@Test
	void listShouldPassPaging() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[]}")));

		assertThat(this.mvc.get().uri("/runs?page=3&per_page=7&" + Upstream.COORDINATES)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("{\"runs\": [], \"page\": 3, \"per_page\": 7}");
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withQueryParam("page", equalTo("3"))
			.withQueryParam("per_page", equalTo("7")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "state=RUNNING&state=PAUSED", "state=RUNNING,PAUSED", "state=running&state=paused" })
	void stateFilterShouldBeSentAsStatusCodes(String filter) {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).willReturn(Upstream.json(200, "{\"status\":"
				+ Upstream.ok() + ",\"pipeline_version_runs\":[" + Upstream.runJson("r2", 64001, "Running") + "]}")));

		assertThat(this.mvc.get().uri("/runs?" + filter + "&" + Upstream.COORDINATES)).hasStatusOk();
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withQueryParam("status_codes",
				havingExactly("64001", "64008")));
	}

	@Test
	void completedFilterShouldAlsoAskForTheLegacyCode() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[]}")));

		assertThat(this.mvc.get().uri("/runs?state=COMPLETED&" + Upstream.COORDINATES)).hasStatusOk();
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withQueryParam("status_codes",
				havingExactly("64002", "10000")));
	}

	@Test
	void unknownFilterShouldFilterHere() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":["
					+ Upstream.runJson("r2", 64001, "Running") + "," + Upstream.runJson("r1", 0, "") + "]}")));

		assertThat(this.mvc.get().uri("/runs?state=UNKNOWN&" + Upstream.COORDINATES)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"runs\": [{\"id\": \"r1\", \"state\": \"UNKNOWN\"}]}");
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withoutQueryParam("status_codes"));
	}

	@ParameterizedTest
	@CsvSource({ "state=RUNNIN, state", "state=RUNNING&state=nope, state", "state=RUNNING%2C, state", "page=0, page",
			"page=-1, page", "page=abc, page", "per_page=0, per_page", "per_page=129, per_page",
			"per_page=x, per_page" })
	void invalidListParametersShouldAnswerBadRequestWithoutCallingUpstream(String query, String parameter) {
		assertThat(this.mvc.get().uri("/runs?" + query + "&" + Upstream.COORDINATES)).hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"status\": 400, \"parameter\": \""
					+ parameter + "\", \"instance\": \"/runs\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void historyShouldMapTheStatusLogs() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))).willReturn(Upstream.json(200,
				"""
						{"status":{"code":10000,"description":"Ok"},
						 "pipeline_version_run_status_logs":[
						  {"id":"1","pipeline_version_run_id":"e8c41c0b6d334daba757a73e99ef0e2d","status":{"code":64000},"created_at":"2026-04-23T13:40:02Z"},
						  {"id":"2","pipeline_version_run_id":"e8c41c0b6d334daba757a73e99ef0e2d","status":{"code":64001},"created_at":"2026-04-23T13:40:20Z"},
						  {"id":"3","pipeline_version_run_id":"e8c41c0b6d334daba757a73e99ef0e2d","status":{"code":64008},"message":"Paused by user","triggered_by_user_id":"acme-user","created_at":"2026-04-23T13:41:40Z"}]}""")));

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "/history?" + Upstream.COORDINATES)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							[{"state": "QUEUED", "message": null, "triggered_by": null, "at": "2026-04-23T13:40:02Z"},
							 {"state": "RUNNING", "message": null, "triggered_by": null, "at": "2026-04-23T13:40:20Z"},
							 {"state": "PAUSED", "message": "Paused by user", "triggered_by": "acme-user", "at": "2026-04-23T13:41:40Z"}]""");
		upstream.verify(1, getRequestedFor(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))));
	}

	@Test
	void historyShouldFollowFullPages() {
		StringBuilder full = new StringBuilder();
		for (int i = 0; i < RunService.HISTORY_PAGE_SIZE; i++) {
			full.append((i == 0) ? "" : ",").append("{\"status\":{\"code\":64001}}");
		}
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))).withQueryParam("page", equalTo("1"))
			.willReturn(Upstream.json(200,
					"{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":[" + full + "]}")));
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))).withQueryParam("page", equalTo("2"))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_run_status_logs\":["
					+ "{\"status\":{\"code\":64004}}]}")));

		assertThat(this.mvc.get().uri("/runs/" + Upstream.RUN + "/history?" + Upstream.COORDINATES)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.length()")
			.isEqualTo(RunService.HISTORY_PAGE_SIZE + 1);
		upstream.verify(2, getRequestedFor(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))));
	}

}
