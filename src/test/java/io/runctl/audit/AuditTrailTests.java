package io.runctl.audit;

import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.SecuredStack;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.json.JsonContent;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every outcome of a control request lands on the audit trail before it is answered, and
 * {@code GET /audit} reads it back.
 */
class AuditTrailTests extends SecuredStack {

	private static final String RUN = "/runs/" + Upstream.RUN;

	private static final String Q = "?" + Upstream.COORDINATES;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void emptyTrail() {
		upstream.resetAll();
		this.jdbc.sql("DELETE FROM audit_record").update();
	}

	@Test
	void aChangeShouldBeRecordedWithStatesReasonAndBothRequestIds() throws Exception {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.header("X-Request-Id", "audit-change-1")
			.contentType("application/json")
			.content("{\"reason\":\"GPU quota\"}")).hasStatusOk();

		assertThat(latest()).isLenientlyEqualTo("{\"actor\":\"test-operator\",\"action\":\"pause\",\"run_id\":\""
				+ Upstream.RUN + "\",\"user_id\":\"" + Upstream.USER + "\",\"app_id\":\"" + Upstream.APP
				+ "\",\"pipeline_id\":\"" + Upstream.PIPELINE + "\",\"pipeline_version_id\":\"" + Upstream.VERSION
				+ "\",\"dry_run\":false,\"previous_state\":\"RUNNING\",\"resulting_state\":\"PAUSED\","
				+ "\"outcome\":\"changed\",\"status\":200,\"reason\":\"GPU quota\",\"request_id\":\"audit-change-1\","
				+ "\"upstream_request_id\":\"req-ok-1\"}");
		assertThat(count()).isEqualTo(1);
	}

	@Test
	void anUnchangedRunShouldBeRecorded() throws Exception {
		Upstream.runIs(upstream, 64008, "Paused");
		assertThat(post("/pause")).hasStatusOk();
		assertThat(latest()).isLenientlyEqualTo(
				"{\"outcome\":\"unchanged\",\"previous_state\":\"PAUSED\",\"resulting_state\":\"PAUSED\",\"status\":200}");
	}

	@Test
	void aDryRunShouldBeRecorded() throws Exception {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(this.mvc.post()
			.uri(RUN + "/cancel" + Q + "&dry_run=true")
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)).hasStatusOk();
		assertThat(latest()).isLenientlyEqualTo("{\"action\":\"cancel\",\"outcome\":\"dry_run\",\"dry_run\":true,"
				+ "\"previous_state\":\"RUNNING\",\"resulting_state\":\"CANCELLED\"}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void anInvalidTransitionShouldBeRecorded() throws Exception {
		Upstream.runIs(upstream, 64002, "Completed");
		assertThat(post("/pause")).hasStatus(409);
		assertThat(latest()).isLenientlyEqualTo("{\"outcome\":\"invalid_transition\",\"status\":409,"
				+ "\"previous_state\":\"COMPLETED\",\"resulting_state\":\"COMPLETED\"}");
	}

	@Test
	void aFailedPreconditionShouldBeRecorded() throws Exception {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(this.mvc.post()
			.uri(RUN + "/pause" + Q)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.header("If-Match", "\"stale\"")).hasStatus(412);
		assertThat(latest()).isLenientlyEqualTo("{\"outcome\":\"precondition_failed\",\"status\":412}");
	}

	@Test
	void aForbiddenRoleShouldBeRecorded() throws Exception {
		assertThat(this.mvc.post().uri(RUN + "/resume" + Q).header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatus(403);
		assertThat(latest())
			.isLenientlyEqualTo("{\"actor\":\"test-viewer\",\"action\":\"resume\",\"run_id\":\"" + Upstream.RUN
					+ "\",\"pipeline_id\":\"" + Upstream.PIPELINE + "\",\"outcome\":\"forbidden\",\"status\":403}");
	}

	@Test
	void aForbiddenPipelineShouldBeRecorded() throws Exception {
		assertThat(
				this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.bearer(ApiKeys.OTHER_PIPELINE)))
			.hasStatus(403);
		assertThat(latest()).isLenientlyEqualTo("{\"actor\":\"test-other\",\"action\":\"pause\",\"app_id\":\""
				+ Upstream.APP + "\",\"outcome\":\"forbidden\",\"status\":403}");
	}

	@Test
	void aFailedUpstreamChangeShouldBeRecordedWithTheUpstreamRequestId() throws Exception {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(200, Upstream.error(21300, "Internal failure", "database down"))));
		assertThat(post("/pause")).hasStatus(502);
		assertThat(latest()).isLenientlyEqualTo("{\"outcome\":\"upstream_rejected\",\"status\":502,"
				+ "\"previous_state\":\"RUNNING\",\"upstream_request_id\":\"req-err-21300\"}");
		assertThat(count()).isEqualTo(1);
	}

	@Test
	void readsShouldNotBeRecorded() {
		Upstream.runIs(upstream, 64001, "Running");
		assertThat(this.mvc.get().uri(RUN + Q).header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatusOk();
		assertThat(count()).isZero();
	}

	@Test
	void anAuditStoreFailureShouldAnswerServiceUnavailableAndNotChangeTheRun() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		this.jdbc.sql("ALTER TABLE audit_record RENAME TO audit_record_away").update();
		try {
			assertThat(post("/pause")).hasStatus(503)
				.containsHeader("Retry-After")
				.bodyJson()
				.isLenientlyEqualTo("{\"type\":\"/problems/service-unavailable\",\"status\":503}");
			assertThat(this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))
				.hasStatus(503);
		}
		finally {
			this.jdbc.sql("ALTER TABLE audit_record_away RENAME TO audit_record").update();
		}
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void theTrailShouldBeFilteredAndPagedNewestFirst() throws Exception {
		Upstream.runIs(upstream, 64008, "Paused");
		for (int i = 0; i < 3; i++) {
			assertThat(post("/pause")).hasStatusOk();
		}
		assertThat(this.mvc.post().uri(RUN + "/pause" + Q).header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)).hasStatusOk();

		MvcTestResult first = this.mvc.get()
			.uri("/audit?actor=test-operator&limit=2&run_id=" + Upstream.RUN + "&since=2020-01-01T00:00:00Z")
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)
			.exchange();
		assertThat(first).hasStatusOk().bodyJson().extractingPath("$.records.length()").isEqualTo(2);
		String body = first.getResponse().getContentAsString(StandardCharsets.UTF_8);
		long firstId = ((Number) JsonPath.read(body, "$.records[0].id")).longValue();
		long secondId = ((Number) JsonPath.read(body, "$.records[1].id")).longValue();
		long next = ((Number) JsonPath.read(body, "$.next_before")).longValue();
		assertThat(firstId).isGreaterThan(secondId);
		assertThat(next).isEqualTo(secondId);

		assertThat(this.mvc.get()
			.uri("/audit?actor=test-operator&limit=2&before=" + next)
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"records\":[{\"actor\":\"test-operator\"}],\"limit\":2,\"next_before\":null}");
		assertThat(this.mvc.get().uri("/audit?since=2999-01-01T00:00:00Z").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"records\":[]}");
	}

	@Test
	void invalidAuditParametersShouldAnswerBadRequest() throws Exception {
		for (String query : new String[] { "limit=0", "limit=201", "since=yesterday", "run_id=bad%20id",
				"actor=no%20spaces", "before=0", "limit=many" }) {
			assertThat(this.mvc.get().uri("/audit?" + query).header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)).as(query)
				.hasStatus(400)
				.bodyJson()
				.isLenientlyEqualTo("{\"type\":\"/problems/invalid-parameter\"}");
		}
	}

	private MvcTestResult post(String action) {
		return this.mvc.post().uri(RUN + action + Q).header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH).exchange();
	}

	/** The newest record of the trail, read through GET /audit. */
	private JsonContent latest() throws Exception {
		MvcTestResult result = this.mvc.get()
			.uri("/audit?limit=1")
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)
			.exchange();
		assertThat(result).hasStatusOk();
		Object record = JsonPath.read(result.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.records[0]");
		return new JsonContent(JsonPath.parse(record).jsonString());
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_record").query(Long.class).single();
	}

}
