package io.runctl.platform;

import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PlatformClient} sends: paths, query, headers and the PATCH body exactly as
 * CLARIFAI_API.md sections 5 and 8.3 say.
 */
class PlatformClientRequestTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	private final PlatformClient client = PlatformClients.against(upstream.baseUrl()).client();

	@ParameterizedTest(name = "{0} sends {1}")
	@CsvSource({ "PAUSE, 64008", "RESUME, 64001", "CANCEL, 64004" })
	void patchBodyShouldBeExactlyTheDocumentedOne(String action, int code) {
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, code, action))));

		PatchedRun patched = this.client.patchRunStatus(PlatformClients.RUN, code).block();

		assertThat(patched.run()).hasValueSatisfying((run) -> assertThat(run.statusCode()).isEqualTo(code));
		assertThat(patched.upstreamRequestId()).isEqualTo("req-ok-1");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath()))
			.withHeader("Authorization", equalTo("Key " + Upstream.PAT))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson("""
					{"user_app_id": {"user_id": "acme-user", "app_id": "pipelines-app"},
					 "pipeline_version_runs": [
					   {"id": "e8c41c0b6d334daba757a73e99ef0e2d", "orchestration_status": {"status": {"code": %d}}}],
					 "action": "overwrite"}""".formatted(code))));
		String sent = upstream.getAllServeEvents().get(0).getRequest().getBodyAsString();
		assertThat(sent).contains("\"code\":" + code).doesNotContain("null");
	}

	@Test
	void patchAnswerWithoutTheRunShouldBeEmpty() {
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[]}")));
		assertThat(this.client.patchRunStatus(PlatformClients.RUN, 64008).block().run()).isEmpty();
	}

	@Test
	void getShouldSendTheTokenAndAddressTheRun() {
		Upstream.runIs(upstream, 64001, "Running");
		this.client.getRun(PlatformClients.RUN).block();
		upstream.verify(getRequestedFor(urlPathEqualTo(
				"/v2/users/acme-user/apps/pipelines-app/pipelines/hello-world-pipeline/versions/48862434906f482e94a2ec638a4233a1/runs/e8c41c0b6d334daba757a73e99ef0e2d"))
			.withHeader("Authorization", equalTo("Key " + Upstream.PAT))
			.withHeader("Accept", equalTo("application/json")));
	}

	@Test
	void idsShouldBeEncodedInPaths() {
		PipelineCoordinates odd = new PipelineCoordinates("me", "app with space", "pipe/line", "v?1");
		upstream.stubFor(get(
				urlPathEqualTo("/v2/users/me/apps/app%20with%20space/pipelines/pipe%2Fline/versions/v%3F1/runs/r%231"))
			.willReturn(Upstream.json(200, Upstream.getRunBody("r#1", 64001, "Running"))));
		PlatformRun run = this.client.getRun(odd.run("r#1")).block();
		assertThat(run.id()).isEqualTo("r#1");
		String url = upstream.getAllServeEvents().get(0).getRequest().getUrl();
		assertThat(url)
			.isEqualTo("/v2/users/me/apps/app%20with%20space/pipelines/pipe%2Fline/versions/v%3F1/runs/r%231");
	}

	@Test
	void listShouldSendPageSizeAndOneStatusCodeParameterPerCode() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath())).willReturn(Upstream.json(200,
				"{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":["
						+ Upstream.runJson("r1", 64001, "Running") + "," + Upstream.runJson("r2", 64008, "Paused")
						+ "]}")));

		List<PlatformRun> runs = this.client.listRuns(PlatformClients.PIPELINE, List.of(64001, 64008), 2, 20).block();

		assertThat(runs).extracting(PlatformRun::id).containsExactly("r1", "r2");
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.runsPath())).withQueryParam("page", equalTo("2"))
			.withQueryParam("per_page", equalTo("20"))
			.withQueryParam("status_codes", havingExactly("64001", "64008"))
			.withHeader("Authorization", equalTo("Key " + Upstream.PAT)));
	}

	@Test
	void listWithoutFilterShouldSendNoStatusCodes() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + "}")));
		assertThat(this.client.listRuns(PlatformClients.PIPELINE, List.of(), 1, 50).block()).isEmpty();
		String url = upstream.getAllServeEvents().get(0).getRequest().getUrl();
		assertThat(url).endsWith("/runs?page=1&per_page=50");
	}

	@Test
	void logsShouldUseThePipelineVersionRunSegment() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.logsPath(Upstream.RUN))).willReturn(Upstream.json(200,
				"{\"status\":" + Upstream.ok() + ",\"log_entries\":[{\"message\":\"a\\nb\","
						+ "\"log_type\":\"pipeline.version.run\",\"url\":\"u-1\",\"meta\":{\"pipeline_id\":\"p\"}}],"
						+ "\"page\":3,\"per_page\":50}")));

		PlatformLogPage page = this.client.listLogEntries(PlatformClients.RUN, 1, 50).block();

		assertThat(page.entries()).containsExactly(new PlatformLogPage.Entry("u-1", "a\nb"));
		assertThat(page.page()).isEqualTo(3);
		String url = upstream.getAllServeEvents().get(0).getRequest().getUrl();
		assertThat(url)
			.isEqualTo(Upstream.PREFIX + "/runs/" + Upstream.RUN + "/pipeline.version.run/logs?page=1&per_page=50");
	}

	@Test
	void statusLogsShouldBeRead() {
		upstream.stubFor(get(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN))).willReturn(Upstream.json(200,
				"""
						{"status":{"code":10000,"description":"Ok"},
						 "pipeline_version_run_status_logs":[
						  {"id":"s1","pipeline_version_run_id":"e8c41c0b6d334daba757a73e99ef0e2d","status":{"code":64000},"created_at":"2026-04-23T13:40:02Z"},
						  {"id":"s2","pipeline_version_run_id":"e8c41c0b6d334daba757a73e99ef0e2d","status":{"code":64008},"message":"Paused by user","triggered_by_user_id":"acme-user","created_at":"2026-04-23T13:41:40Z","extra":1}]}""")));

		List<PlatformStatusLog> logs = this.client.listStatusLogs(PlatformClients.RUN, 1, 100).block();

		assertThat(logs).containsExactly(
				new PlatformStatusLog(64000, null, null, Instant.parse("2026-04-23T13:40:02Z")),
				new PlatformStatusLog(64008, "Paused by user", "acme-user", Instant.parse("2026-04-23T13:41:40Z")));
		upstream.verify(getRequestedFor(urlPathEqualTo(Upstream.statusLogsPath(Upstream.RUN)))
			.withQueryParam("page", equalTo("1"))
			.withQueryParam("per_page", equalTo("100")));
	}

}
