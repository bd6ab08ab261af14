package io.runctl.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control calls on one run through one instance never interleave their check-and-act.
 */
class ConcurrentControlTests extends UpstreamWebTest {

	private static final int CALLS = 10;

	@Test
	void parallelPausesOfARunningRunShouldPatchExactlyOnce() throws Exception {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("pause")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(50)));
		upstream.stubFor(Upstream.patchRuns()
			.inScenario("pause")
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused")).withFixedDelay(200))
			.willSetStateTo("paused"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("pause")
			.whenScenarioStateIs("paused")
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64008, "Paused"))));

		List<String> bodies = inParallel(control("pause"));

		assertThat(bodies).hasSize(CALLS);
		assertThat(bodies).filteredOn((body) -> body.contains("\"changed\":true")).hasSize(1);
		assertThat(bodies).filteredOn((body) -> body.contains("\"changed\":false")).hasSize(CALLS - 1);
		assertThat(bodies).allMatch((body) -> body.contains("\"state\":\"PAUSED\""));
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	@Test
	void parallelCancelAndPauseShouldEachSeeTheOthersResult() throws Exception {
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("cancel")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(50)));
		upstream.stubFor(Upstream.patchRuns()
			.inScenario("cancel")
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64004, "Cancelled")).withFixedDelay(200))
			.willSetStateTo("cancelled"));
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.inScenario("cancel")
			.whenScenarioStateIs("cancelled")
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64004, "Cancelled"))));

		List<String> bodies = inParallel(control("cancel"));

		assertThat(bodies).filteredOn((body) -> body.contains("\"changed\":true")).hasSize(1);
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));
	}

	/** "me" is the caller's user: the same run, however it is addressed, is one lock. */
	@Test
	void parallelPausesAddressingTheUserAsMeOrByNameShouldPatchExactlyOnce() throws Exception {
		String byName = Upstream.PREFIX;
		String asMe = Upstream.PREFIX.replace("/users/" + Upstream.USER + "/", "/users/me/");
		for (String prefix : List.of(byName, asMe)) {
			upstream.stubFor(WireMock.get(urlPathEqualTo(prefix + "/runs/" + Upstream.RUN))
				.inScenario("me")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(
						Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running")).withFixedDelay(50)));
			upstream.stubFor(WireMock.patch(urlPathEqualTo(prefix + "/runs"))
				.inScenario("me")
				.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused")).withFixedDelay(200))
				.willSetStateTo("paused"));
			upstream.stubFor(WireMock.get(urlPathEqualTo(prefix + "/runs/" + Upstream.RUN))
				.inScenario("me")
				.whenScenarioStateIs("paused")
				.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64008, "Paused"))));
		}

		List<String> bodies = inParallel(control("pause"),
				control("pause").replace("user_id=" + Upstream.USER, "user_id=me"));

		assertThat(bodies).filteredOn((body) -> body.contains("\"changed\":true")).hasSize(1);
		assertThat(upstream.findAll(WireMock.patchRequestedFor(WireMock.anyUrl()))).hasSize(1);
	}

	private List<String> inParallel(String... uris) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CALLS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<MockHttpServletResponse>> calls = new ArrayList<>();
			for (int i = 0; i < CALLS; i++) {
				String uri = uris[i % uris.length];
				calls.add(pool.submit(() -> {
					start.await();
					return this.mvc.post().uri(uri).exchange().getResponse();
				}));
			}
			start.countDown();
			List<String> bodies = new ArrayList<>();
			for (Future<MockHttpServletResponse> call : calls) {
				MockHttpServletResponse response = call.get(60, TimeUnit.SECONDS);
				assertThat(response.getStatus()).isEqualTo(200);
				bodies.add(response.getContentAsString());
			}
			return bodies;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
