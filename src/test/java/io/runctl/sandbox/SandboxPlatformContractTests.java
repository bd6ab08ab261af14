package io.runctl.sandbox;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformClient;
import io.runctl.platform.PlatformContractTests;
import io.runctl.platform.PlatformTarget;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform contract against the built-in sandbox, reached by the service's own
 * {@link PlatformClient} over HTTP exactly as it reaches Clarifai.
 */
@SandboxSpringTest
class SandboxPlatformContractTests extends PlatformContractTests {

	@LocalServerPort
	int port;

	@Autowired
	PlatformClient client;

	@Autowired
	PlatformTarget target;

	@Autowired
	SandboxRuns runs;

	@Override
	protected PlatformClient client() {
		return this.client;
	}

	@Override
	protected String baseUrl() {
		return "http://127.0.0.1:" + this.port + PlatformTarget.SANDBOX_PREFIX;
	}

	@Override
	protected PipelineCoordinates pipeline() {
		return DemoRuns.PIPELINE;
	}

	@Override
	protected RunCoordinates runIn(int code) {
		return new SandboxFixtures(this.runs).runIn(code);
	}

	@Override
	protected RunCoordinates runWithLogs(int atLeast) {
		return new SandboxFixtures(this.runs).runWithLogs(atLeast);
	}

	@Test
	void theServiceShouldTalkToTheSandboxOverHttpWhenNoTokenOrAddressIsSet() {
		assertThat(this.target.sandbox()).isTrue();
		assertThat(this.target.baseUrl()).isEqualTo(baseUrl());
	}

}
