package io.runctl.sandbox;

import io.runctl.pipeline.PipelineDefaults;
import io.runctl.testing.ApiKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a real token configured there is no sandbox: its paths are unknown and the demo
 * pipeline is no default.
 */
@SpringBootTest(properties = { "runctl.upstream.pat=test-pat-7f3a9c1e5b", "runctl.upstream.base-url=",
		"runctl.lock-file=target/no-lock-file.yaml" })
@AutoConfigureMockMvc
class SandboxDisabledTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApplicationContext context;

	@Test
	void sandboxPathsShouldAnswer404AndNoSandboxBeanShouldExist() {
		assertThat(this.mvc.get()
			.uri("/sandbox/v2/users/demo/apps/sandbox/pipelines/hello-pipeline/versions/v1/runs")
			.header("Authorization", "Key sandbox")).hasStatus(404);
		assertThat(this.context.getBeanNamesForType(SandboxApi.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(PipelineDefaults.class)).isEmpty();
	}

	@Test
	void runsWithoutCoordinatesShouldNeedThemAgain() {
		assertThat(this.mvc.get().uri("/runs").header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)).hasStatus(400);
	}

}
