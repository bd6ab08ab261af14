package io.runctl.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineResolverDefaultsTests {

	private static final PipelineCoordinates FALLBACK = new PipelineCoordinates("demo", "sandbox", "hello-pipeline",
			"v1");

	@TempDir
	Path dir;

	private PipelineResolver resolver(Path lockFile, boolean withFallback) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(
				withFallback ? Map.of("fallback", (PipelineDefaults) () -> FALLBACK) : Map.of());
		ObjectProvider<PipelineDefaults> provider = beans.getBeanProvider(PipelineDefaults.class);
		return new PipelineResolver(new LockFile(new PipelineProperties(lockFile)), provider);
	}

	@Test
	void withoutALockFileTheFallbackPipelineShouldBeUsed() {
		assertThat(resolver(this.dir.resolve("absent.yaml"), true).resolve(null, null, null, null)).isEqualTo(FALLBACK);
	}

	@Test
	void theLockFileShouldWinOverTheFallback() throws IOException {
		Path lock = Files.writeString(this.dir.resolve("config-lock.yaml"),
				"pipeline:\n  id: p1\n  user_id: u1\n  app_id: a1\n  version_id: v9\n");
		assertThat(resolver(lock, true).resolve(null, null, null, null))
			.isEqualTo(new PipelineCoordinates("u1", "a1", "p1", "v9"));
	}

	@Test
	void aLockFileNamingSomeIdsShouldLeaveTheOthersMissingNotFallBack() throws IOException {
		Path lock = Files.writeString(this.dir.resolve("config-lock.yaml"), "pipeline:\n  user_id: u1\n  app_id: a1\n");
		assertThatExceptionOfType(MissingParametersException.class)
			.isThrownBy(() -> resolver(lock, true).resolve(null, null, null, null))
			.withMessageContaining(": Missing pipeline_id, pipeline_version_id.");
	}

	@Test
	void explicitIdsShouldWinOverTheFallback() {
		assertThat(resolver(this.dir.resolve("absent.yaml"), true).resolve(null, null, null, "v2"))
			.isEqualTo(new PipelineCoordinates("demo", "sandbox", "hello-pipeline", "v2"));
	}

	@Test
	void withoutAFallbackMissingIdsShouldStillBeRefused() {
		assertThatExceptionOfType(MissingParametersException.class)
			.isThrownBy(() -> resolver(this.dir.resolve("absent.yaml"), false).resolve(null, null, null, null));
	}

}
