package io.runctl.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Idempotency-Key} on control calls: replay, reuse, in flight, bad keys.
 */
class IdempotencyTests extends UpstreamWebTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void retryWithTheSameKeyShouldReplayTheFirstAnswerWithoutActingAgain() throws Exception {
		runningThenPaused();

		MockHttpServletResponse first = pause("key-replay-1").getResponse();
		Upstream.runIs(upstream, 64008, "Paused");
		MockHttpServletResponse second = pause("key-replay-1").getResponse();

		assertThat(first.getStatus()).isEqualTo(200);
		assertThat(second.getStatus()).isEqualTo(200);
		assertThat(second.getContentAsString()).isEqualTo(first.getContentAsString()).contains("\"changed\":true");
		assertThat(second.getHeader("Idempotent-Replayed")).isEqualTo("true");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
		upstream.verify(1, getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN))));
	}

	@Test
	void problemAnswersShouldBeReplayedToo() throws Exception {
		Upstream.runIs(upstream, 64002, "Completed");

		MockHttpServletResponse first = pause("key-problem-1").getResponse();
		Upstream.runIs(upstream, 64001, "Running");
		MockHttpServletResponse second = pause("key-problem-1").getResponse();

		assertThat(first.getStatus()).isEqualTo(409);
		assertThat(second.getStatus()).isEqualTo(409);
		assertThat(second.getContentType()).isEqualTo("application/problem+json");
		assertThat(second.getContentAsString()).isEqualTo(first.getContentAsString())
			.contains("\"type\":\"/problems/invalid-transition\"", "\"current_state\":\"COMPLETED\"")
			.doesNotContain("\"properties\"");
		upstream.verify(Upstream.never(), patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void sameKeyForAnotherActionShouldAnswerUnprocessable() {
		runningThenPaused();
		assertThat(pause("key-reuse-1")).hasStatusOk();

		assertThat(this.mvc.post().uri(control("cancel")).header("Idempotency-Key", "key-reuse-1")).hasStatus(422)
			.hasContentType("application/problem+json")
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/idempotency-key-reused\", \"status\": 422}");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void sameKeyForAnotherRunShouldAnswerUnprocessable() {
		runningThenPaused();
		assertThat(pause("key-reuse-2")).hasStatusOk();

		assertThat(this.mvc.post()
			.uri("/runs/other-run/pause?" + Upstream.COORDINATES)
			.header("Idempotency-Key", "key-reuse-2")).hasStatus(422)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/idempotency-key-reused\"}");
		assertThat(upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.runPath("other-run"))))).isEmpty();
	}

	@Test
	void sameKeyWhileTheFirstIsInFlightShouldAnswerConflict() throws Exception {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(5000)));
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		CompletableFuture<MvcTestResult> first = CompletableFuture.supplyAsync(() -> pause("key-flight-1"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !upstream.findAll(getRequestedFor(urlPathEqualTo(Upstream.runPath(Upstream.RUN)))).isEmpty());

		assertThat(pause("key-flight-1")).hasStatus(409)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/request-in-progress\", \"status\": 409}");

		MvcTestResult firstResult = first.get();
		assertThat(firstResult).hasStatusOk();
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
		assertThat(pause("key-flight-1")).hasStatusOk().hasHeader("Idempotent-Replayed", "true");
	}

	@Test
	void upstreamFailureShouldNotBeKeptSoARetryActsAnew() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(503, "<html>down</html>")));
		assertThat(pause("key-retry-1")).hasStatus(503);

		runningThenPaused();
		assertThat(pause("key-retry-1")).hasStatusOk().doesNotContainHeader("Idempotent-Replayed");
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void unreadableKeyStoreShouldRefuseWithServiceUnavailableAndDoNothing() {
		runningThenPaused();
		this.jdbc.sql("ALTER TABLE idempotency_key RENAME TO idempotency_key_away").update();
		try {
			assertThat(pause("key-store-down-1")).hasStatus(503)
				.containsHeader("Retry-After")
				.bodyJson()
				.isLenientlyEqualTo("{\"type\":\"/problems/service-unavailable\",\"status\":503}");
		}
		finally {
			this.jdbc.sql("ALTER TABLE idempotency_key_away RENAME TO idempotency_key").update();
		}
		assertThat(Upstream.requestCount(upstream)).isZero();
		assertThat(pause("key-store-down-1")).hasStatusOk().doesNotContainHeader("Idempotent-Replayed");
	}

	@Test
	void keyLongerThan128CharactersShouldAnswerBadRequestWithoutCallingUpstream() {
		assertThat(pause("k".repeat(129))).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"Idempotency-Key\"}");
		assertThat(Upstream.requestCount(upstream)).isZero();
	}

	@Test
	void keyOf128CharactersShouldBeAccepted() {
		runningThenPaused();
		assertThat(pause("k".repeat(128))).hasStatusOk();
	}

	@Test
	void keyWithSpacesShouldAnswerBadRequest() {
		assertThat(pause("two words")).hasStatus(400)
			.bodyJson()
			.isLenientlyEqualTo("{\"type\": \"/problems/invalid-parameter\", \"parameter\": \"Idempotency-Key\"}");
	}

	private MvcTestResult pause(String key) {
		return this.mvc.post().uri(control("pause")).header("Idempotency-Key", key).exchange();
	}

	private static void runningThenPaused() {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
	}

}
