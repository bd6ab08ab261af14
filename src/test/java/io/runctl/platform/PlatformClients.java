package io.runctl.platform;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.testing.Upstream;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link PlatformClient} wired by hand, as the application wires it, against a WireMock
 * upstream: no application context needed.
 */
final class PlatformClients {

	static final PipelineCoordinates PIPELINE = new PipelineCoordinates(Upstream.USER, Upstream.APP, Upstream.PIPELINE,
			Upstream.VERSION);

	static final RunCoordinates RUN = PIPELINE.run(Upstream.RUN);

	private PlatformClients() {
	}

	static Built against(String baseUrl) {
		return against(baseUrl, Duration.ofSeconds(10));
	}

	static Built against(String baseUrl, Duration timeout) {
		PlatformProperties properties = new PlatformProperties(baseUrl, Upstream.PAT, 12, timeout,
				Duration.ofSeconds(2));
		WebClient web = new PlatformConfiguration().platformWebClient(WebClient.builder(), properties);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		PlatformTarget target = new PlatformTarget(properties, new MockEnvironment());
		// One attempt per call, no breaker: these tests look at single calls (retries and
		// the breaker have their own tests).
		ResilienceProperties resilience = ResilienceProperties.singleAttempts();
		return new Built(new PlatformClient(new UpstreamExchange(web, target, properties, meters,
				new UpstreamCircuit(resilience), new UpstreamBudget(properties, meters)), new ReadRetry(resilience)),
				meters);
	}

	record Built(PlatformClient client, SimpleMeterRegistry meters) {
	}

}
