package io.runctl.audit;

import java.nio.file.Path;

import io.runctl.RunctlApplication;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.run.ControlJournal;
import io.runctl.run.ControlRecord;
import io.runctl.run.RunState;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default store, an H2 file, keeps the trail across a restart: two application
 * contexts, one after the other, on the same file.
 */
class AuditPersistenceTests {

	@TempDir
	Path data;

	@Test
	void theTrailShouldSurviveARestart() {
		String url = "jdbc:h2:file:" + this.data.resolve("runctl-audit").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
		PipelineCoordinates pipeline = new PipelineCoordinates(Upstream.USER, Upstream.APP, Upstream.PIPELINE,
				Upstream.VERSION);
		long id;
		try (ConfigurableApplicationContext first = start(url)) {
			ControlJournal journal = first.getBean(ControlJournal.class);
			id = journal.write(new ControlRecord("test-operator", "pause", Upstream.RUN, pipeline, false,
					RunState.RUNNING, null, ControlRecord.ATTEMPTED, null, "before restart", null, "req-1", null));
			journal.complete(id, new ControlRecord("test-operator", "pause", Upstream.RUN, pipeline, false,
					RunState.RUNNING, RunState.PAUSED, "changed", 200, "before restart", null, "req-1", "up-1"));
		}
		try (ConfigurableApplicationContext second = start(url)) {
			AuditTrail.Page page = second.getBean(AuditTrail.class)
				.find(new AuditTrail.Query(Upstream.RUN, null, null, null, 10));
			assertThat(page.records()).singleElement().satisfies((record) -> {
				assertThat(record.id()).isEqualTo(id);
				assertThat(record.outcome()).isEqualTo("changed");
				assertThat(record.previousState()).isEqualTo("RUNNING");
				assertThat(record.resultingState()).isEqualTo("PAUSED");
				assertThat(record.reason()).isEqualTo("before restart");
				assertThat(record.upstreamRequestId()).isEqualTo("up-1");
				assertThat(record.completedAt()).isNotNull();
			});
		}
	}

	private static ConfigurableApplicationContext start(String url) {
		// Command-line arguments: they win over the test classpath's in-memory database.
		return new SpringApplication(RunctlApplication.class).run("--server.port=0", "--spring.datasource.url=" + url,
				"--runctl.lock-file=target/no-lock-file.yaml", "--runctl.upstream.base-url=http://127.0.0.1:9");
	}

}
