package io.runctl.platform;

import java.time.Duration;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runctl.platform.PlatformException.Failure;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every way the upstream can fail (CLARIFAI_API.md sections 2.3 and 8.4), each mapped to
 * one typed {@link PlatformException}.
 */
class PlatformClientErrorTests {

	@RegisterExtension
	static WireMockExtension upstream = Upstream.wireMock();

	private final PlatformClients.Built built = PlatformClients.against(upstream.baseUrl());

	@ParameterizedTest(name = "HTTP {0} code {1} -> {2}")
	@CsvSource({ "429, 11005, THROTTLED", "401, 11009, AUTH_FAILED", "401, 11008, AUTH_FAILED",
			"400, 11102, AUTH_FAILED", "401, 11102, AUTH_FAILED", "403, 11007, AUTH_FAILED", "404, 11101, NOT_FOUND",
			"404, 26300, NOT_FOUND", "400, 26302, REJECTED", "400, 26301, REJECTED", "400, 10020, REJECTED",
			"500, 98004, REJECTED", "200, 10020, REJECTED", "200, 11101, NOT_FOUND" })
	void errorBodyShouldBeMappedFromItsCodeWhateverTheHttpStatus(int http, int code, Failure failure) {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(http, Upstream.error(code, "Some description", "some details"))));

		PlatformException ex = fail();

		assertThat(ex.failure()).isEqualTo(failure);
		assertThat(ex.upstreamCode()).isEqualTo(code);
		assertThat(ex.upstreamDescription()).isEqualTo("Some description");
		assertThat(ex.upstreamDetails()).isEqualTo("some details");
		assertThat(ex.upstreamRequestId()).isEqualTo("req-err-" + code);
		assertThat(timerCount("get_run", failure.name().toLowerCase())).isEqualTo(1);
	}

	@Test
	void unmappedCodeShouldBeRejectedCarryingEverythingTheUpstreamSaid() {
		upstream.stubFor(Upstream.patchRuns()
			.willReturn(Upstream.json(400, "{\"status\":{\"code\":26302,\"description\":\"Invalid request\","
					+ "\"details\":\"cannot resume pipeline version run in state JOB_RUNNING\",\"req_id\":\"req-26302\"},"
					+ "\"pipeline_version_runs\":[]}")));

		PlatformException ex = catchThrowableOfType(PlatformException.class,
				() -> this.built.client().patchRunStatus(PlatformClients.RUN, 64001).block());

		assertThat(ex.failure()).isEqualTo(Failure.REJECTED);
		assertThat(ex.upstreamCode()).isEqualTo(26302);
		assertThat(ex.upstreamDescription()).isEqualTo("Invalid request");
		assertThat(ex.upstreamDetails()).isEqualTo("cannot resume pipeline version run in state JOB_RUNNING");
		assertThat(ex.upstreamRequestId()).isEqualTo("req-26302");
		assertThat(ex.isTransient()).isFalse();
	}

	@Test
	void codeAsEnumNameShouldBeMappedLikeItsNumber() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, "{\"status\":{\"code\":\"CONN_THROTTLED\",\"description\":\"Making too "
					+ "many requests\",\"details\":\"exceeded limit of 15 requests per second\"}}")));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.THROTTLED);
		assertThat(ex.upstreamCode()).isEqualTo(11005);
	}

	@Test
	void throttledShouldCarryTheRetryAfterTheUpstreamGave() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))
				.withHeader("Retry-After", "7")));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.THROTTLED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7));
		assertThat(ex.isTransient()).isTrue();
	}

	@Test
	void throttledWithoutRetryAfterShouldStillSayWhenToRetry() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(429, Upstream.error(11005, "Making too many requests", "exceeded limit"))));
		assertThat(fail().retryAfter()).isPositive();
	}

	@Test
	void http429WithoutABodyShouldBeThrottled() {
		upstream.stubFor(
				Upstream.getRun(Upstream.RUN).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.THROTTLED);
		assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void successHttpStatusWithAFailureCodeShouldFail() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.error(26302, "Invalid request", "nope"))));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.REJECTED);
		assertThat(ex.upstreamCode()).isEqualTo(26302);
	}

	@Test
	void successWithoutARunShouldBeRejected() {
		upstream.stubFor(
				Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(200, "{\"status\":" + Upstream.ok() + "}")));
		assertThat(fail().failure()).isEqualTo(Failure.REJECTED);
	}

	@Test
	void malformedJsonShouldBeRejected() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(200, "{\"status\":{\"code\":100")));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.REJECTED);
		assertThat(ex.upstreamCode()).isNull();
	}

	@Test
	void jsonWithoutStatusShouldBeRejected() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(Upstream.json(200, "[1,2,3]")));
		assertThat(fail().failure()).isEqualTo(Failure.REJECTED);
	}

	@Test
	void emptyBodyShouldBeRejected() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withStatus(200)));
		assertThat(fail().failure()).isEqualTo(Failure.REJECTED);
	}

	@Test
	void serverErrorWithAnHtmlBodyShouldBeUnavailable() {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "text/html")
				.withBody("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")));
		PlatformException ex = fail();
		assertThat(ex.failure()).isEqualTo(Failure.UNAVAILABLE);
		assertThat(ex.getMessage()).doesNotContain("<html>");
		assertThat(ex.isTransient()).isTrue();
	}

	@Test
	void connectionResetShouldBeUnavailable() {
		upstream
			.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThat(fail().failure()).isEqualTo(Failure.UNAVAILABLE);
		assertThat(timerCount("get_run", "unavailable")).isEqualTo(1);
	}

	@Test
	void garbageResponseShouldBeUnavailableOrRejected() {
		upstream
			.stubFor(Upstream.getRun(Upstream.RUN).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		assertThat(fail().failure()).isIn(Failure.UNAVAILABLE, Failure.REJECTED);
	}

	@Test
	void unreachableUpstreamShouldBeUnavailable() {
		PlatformClients.Built nowhere = PlatformClients.against("http://127.0.0.1:1");
		PlatformException ex = catchThrowableOfType(PlatformException.class,
				() -> nowhere.client().getRun(PlatformClients.RUN).block());
		assertThat(ex.failure()).isEqualTo(Failure.UNAVAILABLE);
	}

	@Test
	void answerPastTheDeadlineShouldTimeOut() {
		PlatformClients.Built impatient = PlatformClients.against(upstream.baseUrl(), Duration.ofSeconds(1));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(4000)));
		PlatformException ex = catchThrowableOfType(PlatformException.class,
				() -> impatient.client().getRun(PlatformClients.RUN).block());
		assertThat(ex.failure()).isEqualTo(Failure.TIMEOUT);
		assertThat(ex.isTransient()).isTrue();
		assertThat(impatient.meters().find("runctl.upstream.requests").tag("outcome", "timeout").timer()).isNotNull();
	}

	@Test
	void successShouldBeTimedPerEndpoint() {
		Upstream.runIs(upstream, 64001, "Running");
		this.built.client().getRun(PlatformClients.RUN).block();
		assertThat(timerCount("get_run", "success")).isEqualTo(1);
	}

	private PlatformException fail() {
		PlatformException ex = catchThrowableOfType(PlatformException.class,
				() -> this.built.client().getRun(PlatformClients.RUN).block());
		assertThat(ex).as("a PlatformException").isNotNull();
		assertThat(ex.getMessage()).doesNotContain(Upstream.PAT);
		return ex;
	}

	private long timerCount(String endpoint, String outcome) {
		var timer = this.built.meters()
			.find("runctl.upstream.requests")
			.tag("endpoint", endpoint)
			.tag("outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

}
