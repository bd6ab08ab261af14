package io.runctl.run;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /runs/{run_id}/pause|resume|cancel}: the check-and-act, dry_run, reason,
 * If-Match and the race rule.
 */
class RunControlTests extends UpstreamWebTest {

	@ParameterizedTest(name = "{0} from {1}")
	@CsvSource({ "pause, 64001, RUNNING, 64008, PAUSED", "pause, 64000, QUEUED, 64008, PAUSED",
			"resume, 64008, PAUSED, 64001, RUNNING", "cancel, 64001, RUNNING, 64004, CANCELLED",
			"cancel, 64000, QUEUED, 64004, CANCELLED", "cancel, 64008, PAUSED, 64004, CANCELLED",
			"cancel, 64007, CONFLICT, 64004, CANCELLED", "cancel, 0, UNKNOWN, 64004, CANCELLED" })
	void allowedActionShouldPatchAndAnswerTheChangedRun(String action, int from, String previous, int sent,
			String next) {
		Upstream.runIs(upstream, from, "Before");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, sent, "After"))));

		assertThat(this.mvc.post().uri(control(action))).hasStatusOk()
			.hasContentType("application/json")
			.bodyJson()
			.isLenientlyEqualTo("{\"action\": \"" + action + "\", \"changed\": true, \"previous_state\": \"" + previous
					+ "\", \"dry_run\": false, \"run\": {\"id\": \"" + Upstream.RUN + "\", \"state\": \"" + next
					+ "\", \"upstream_status\": {\"code\": " + sent + "}}}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())).withRequestBody(matchingJsonPath(
				"$.pipeline_version_runs[0].orchestration_status.status.code", equalToJson(Integer.toString(sent)))));
	}

	@Test
	void patchAnswerWithoutTheRunShouldAnswerTheTargetState() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + ",\"pipeline_version_runs\":[]}")));

		assertThat(this.mvc.post().uri(control("cancel"))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"changed\": true, \"run\": {\"state\": \"CANCELLED\", \"terminal\": true, "
					+ "\"allowed_actions\": []}}");
	}

	@ParameterizedTest(name = "{0} when {1}")
	@CsvSource({ "pause, 64008, PAUSED", "resume, 64001, RUNNING", "cancel, 64004, CANCELLED" })
	void actionInTheRequestedStateShouldAnswerUnchangedWithoutPatching(String action, int code, String state) {
		Upstream.runIs(upstream, code, "Already");

		assertThat(this.mvc.post().uri(control(action))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"action\": \"" + action + "\", \"changed\": false, \"previous_state\": \"" + state
					+ "\", \"dry_run\": false, \"run\": {\"state\": \"" + state + "\"}}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@ParameterizedTest(name = "{0} when {1}")
	@CsvSource(delimiter = '|', value = {
			"pause  | 64002 | COMPLETED | []                  | pause is allowed only when the run is QUEUED or RUNNING; run e8c41c0b6d334daba757a73e99ef0e2d is COMPLETED.",
			"pause  | 64007 | CONFLICT  | [\"cancel\"]        | pause is allowed only when the run is QUEUED or RUNNING; run e8c41c0b6d334daba757a73e99ef0e2d is CONFLICT.",
			"resume | 64000 | QUEUED    | [\"pause\",\"cancel\"] | resume is allowed only when the run is PAUSED; run e8c41c0b6d334daba757a73e99ef0e2d is QUEUED.",
			"resume | 64004 | CANCELLED | []                  | resume is allowed only when the run is PAUSED; run e8c41c0b6d334daba757a73e99ef0e2d is CANCELLED.",
			"resume | 0     | UNKNOWN   | [\"cancel\"]        | resume is allowed only when the run is PAUSED; run e8c41c0b6d334daba757a73e99ef0e2d is UNKNOWN.",
			"cancel | 64003 | FAILED    | []                  | cancel is allowed only when the run is QUEUED, RUNNING, PAUSED, CONFLICT or UNKNOWN; run e8c41c0b6d334daba757a73e99ef0e2d is FAILED.",
			"cancel | 10000 | COMPLETED | []                  | cancel is allowed only when the run is QUEUED, RUNNING, PAUSED, CONFLICT or UNKNOWN; run e8c41c0b6d334daba757a73e99ef0e2d is COMPLETED." })
	void disallowedActionShouldAnswerInvalidTransition(String action, int code, String state, String allowed,
			String detail) {
		Upstream.runIs(upstream, code, "Now");

		assertThat(this.mvc.post().uri(control(action)).header("X-Request-Id", "req-42")).hasStatus(409)
			.hasContentType("application/problem+json")
			.hasHeader("X-Request-Id", "req-42")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-transition\", \"title\": \"Invalid transition\", "
					+ "\"status\": 409, \"detail\": \"" + detail + "\", \"instance\": \"/runs/" + Upstream.RUN + "/"
					+ action + "\", \"request_id\": \"req-42\", \"run_id\": \"" + Upstream.RUN + "\", \"action\": \""
					+ action + "\", \"current_state\": \"" + state + "\", \"allowed_actions\": " + allowed + "}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void dryRunShouldAnswerAsTheRealCallWouldWithoutPatching() {
		Upstream.runIs(upstream, 64001, "Running");

		assertThat(this.mvc.post().uri(control("pause") + "&dry_run=true")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"action\": \"pause\", \"changed\": true, \"previous_state\": \"RUNNING\", "
					+ "\"dry_run\": true, \"run\": {\"state\": \"PAUSED\", \"allowed_actions\": [\"resume\", \"cancel\"]}}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void dryRunOfADisallowedActionShouldAnswerInvalidTransition() {
		Upstream.runIs(upstream, 64002, "Completed");

		assertThat(this.mvc.post().uri(control("resume") + "&dry_run=true")).hasStatus(409)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-transition\"}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void invalidDryRunShouldAnswerBadRequest() {
		assertThat(this.mvc.post().uri(control("pause") + "&dry_run=maybe")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"dry_run\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	/** Characters, not UTF-16 units: an emoji is one character of the 500. */
	@ParameterizedTest
	@ValueSource(strings = { "r", "\uD83D\uDE00" })
	void reasonOfFiveHundredCharactersShouldBeAccepted(String character) {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		assertThat(this.mvc.post()
			.uri(control("pause"))
			.contentType("application/json")
			.content("{\"reason\": \"" + character.repeat(500) + "\"}")).hasStatusOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "r", "\uD83D\uDE00" })
	void reasonOverFiveHundredCharactersShouldAnswerBadRequestWithoutCallingUpstream(String character) {
		assertThat(this.mvc.post()
			.uri(control("pause"))
			.contentType("application/json")
			.content("{\"reason\": \"" + character.repeat(501) + "\"}")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"type\": \"/problems/invalid-parameter\", \"status\": 400, \"parameter\": \"reason\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void malformedBodyShouldAnswerBadRequest() {
		assertThat(this.mvc.post().uri(control("pause")).contentType("application/json").content("{\"reason\": "))
			.hasStatus(400)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"body\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	/** A number or a boolean is not turned into text. */
	@ParameterizedTest
	@ValueSource(strings = { "[1]", "5", "true", "1.5", "{\"a\": 1}" })
	void reasonOfTheWrongTypeShouldAnswerBadRequest(String reason) {
		assertThat(this.mvc.post()
			.uri(control("pause"))
			.contentType("application/json")
			.content("{\"reason\": " + reason + "}")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\"}");
	}

	@Test
	void theRunAfterAChangeShouldCarryTheTimesTheUpstreamAnswered() {
		Upstream.runIs(upstream, 64001, "Running");
		String cancelled = Upstream.patchBody(Upstream.RUN, 64004, "Cancelled")
			.replace("\"total_run_duration\":\"65.100s\"",
					"\"ended_at\":\"2026-04-23T13:42:00Z\",\"total_run_duration\":\"98.500s\"");
		upstream.stubFor(Upstream.patchRuns().willReturn(Upstream.json(200, cancelled)));

		assertThat(this.mvc.post().uri(control("cancel"))).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"run\": {\"state\": \"CANCELLED\", \"terminal\": true, "
					+ "\"upstream_status\": {\"code\": 64004, \"description\": \"Cancelled\"}, "
					+ "\"ended_at\": \"2026-04-23T13:42:00Z\", \"total_run_duration_seconds\": 98.5}}");
	}

	/** NUL cannot be stored in PostgreSQL; half a surrogate pair is not text. */
	@ParameterizedTest
	@ValueSource(strings = { "\\u0000", "bell\\u0007", "\\ud800", "x\\udc00y" })
	void reasonThatIsNotTextShouldAnswerBadRequestWithoutCallingUpstream(String escaped) {
		assertThat(this.mvc.post()
			.uri(control("pause"))
			.contentType("application/json")
			.content("{\"reason\": \"" + escaped + "\"}")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"type\": \"/problems/invalid-parameter\", \"status\": 400, \"parameter\": \"reason\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void reasonOnSeveralLinesShouldBeAccepted() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		assertThat(this.mvc.post()
			.uri(control("pause"))
			.contentType("application/json")
			.content("{\"reason\": \"quota\\n\\tGPU \\ud83d\\ude00\"}")).hasStatusOk();
	}

	@Test
	void twoIdempotencyKeysShouldAnswerBadRequestWithoutCallingUpstream() {
		assertThat(this.mvc.post()
			.uri(control("pause"))
			.header("Idempotency-Key", "dup-a")
			.header("Idempotency-Key", "dup-b")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"Idempotency-Key\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void matchingIfMatchShouldAct() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		String etag = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");

		assertThat(this.mvc.post().uri(control("pause")).header("If-Match", etag)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"changed\": true}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void ifMatchStarShouldAct() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		assertThat(this.mvc.post().uri(control("pause")).header("If-Match", "*")).hasStatusOk();
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void staleIfMatchShouldAnswerPreconditionFailedWithoutPatching() {
		Upstream.runIs(upstream, 64001, "Running");
		String etag = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");
		Upstream.runIs(upstream, 64008, "Paused");
		String current = this.mvc.get().uri(run()).exchange().getResponse().getHeader("ETag");

		assertThat(this.mvc.post().uri(control("cancel")).header("If-Match", etag)).hasStatus(412)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/precondition-failed\", \"status\": 412, \"run_id\": \""
					+ Upstream.RUN + "\", \"current_state\": \"PAUSED\", \"current_etag\": " + json(current) + "}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void refusalAfterTheRunMovedShouldAnswerInvalidTransitionWithTheNewState() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("race")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))));
		upstream.stubFor(Upstream.patchRuns()
			.inScenario("race")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(400, Upstream.error(26302, "Invalid request", "run already finished")))
			.willSetStateTo("completed"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("race")
			.whenScenarioStateIs("completed")
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64002, "Completed"))));

		assertThat(this.mvc.post().uri(control("pause"))).hasStatus(409)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-transition\", \"current_state\": \"COMPLETED\", "
					+ "\"allowed_actions\": []}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void refusalWhileTheActionIsStillAllowedShouldAnswerUpstreamRejected() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(400,
					"{\"status\":{\"code\":26302,\"description\":\"Invalid request\","
							+ "\"details\":\"cannot pause pipeline version run\",\"req_id\":\"req-26302\"},"
							+ "\"pipeline_version_runs\":[]}")));

		assertThat(this.mvc.post().uri(control("pause"))).hasStatus(502)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-rejected\", \"status\": 502, "
					+ "\"upstream_code\": 26302, \"upstream_description\": \"Invalid request\", "
					+ "\"upstream_details\": \"cannot pause pipeline version run\", \"upstream_request_id\": \"req-26302\"}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void refusalOfTheRaceReadShouldAnswerTheOriginalRefusal() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("race-read")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))));
		upstream.stubFor(Upstream.patchRuns()
			.inScenario("race-read")
			.willReturn(Upstream.json(400, Upstream.error(26302, "Invalid request", "nope")))
			.willSetStateTo("broken"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("race-read")
			.whenScenarioStateIs("broken")
			.willReturn(Upstream.json(503, "<html>down</html>")));

		assertThat(this.mvc.post().uri(control("pause"))).hasStatus(502)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/upstream-rejected\", \"upstream_code\": 26302}");
	}

	@Test
	void runNotFoundShouldAnswerNotFoundWithoutPatching() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(404, Upstream.error(11101, "Resource does not exist", "not found"))));

		assertThat(this.mvc.post().uri(control("cancel"))).hasStatus(404)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/run-not-found\", \"status\": 404}");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	private static String json(String etag) {
		return "\"" + etag.replace("\"", "\\\"") + "\"";
	}

}
