package io.runctl.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.sandbox.SandboxWire.LogsResponse;
import io.runctl.sandbox.SandboxWire.PatchRequest;
import io.runctl.sandbox.SandboxWire.PatchedRun;
import io.runctl.sandbox.SandboxWire.PatchedStatus;
import io.runctl.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SandboxApiTests {

	private static final PipelineCoordinates PIPELINE = DemoRuns.PIPELINE;

	private final MutableClock clock = MutableClock.at("2026-04-23T13:45:00Z");

	private final SandboxRuns runs = new SandboxRuns(this.clock, 1.0, 42, Set.of(PIPELINE));

	private final SandboxApi api = new SandboxApi(this.runs);

	/** A run 1000 simulated seconds in (about 190 to 660 log chunks), still running. */
	private SimulatedRun longRun() {
		return this.runs.startEarlier(PIPELINE, 1000, 5, 5000, false);
	}

	@Test
	void logsWithoutAPageShouldAnswerTheLastPageAndSayWhichItIs() {
		SimulatedRun run = longRun();
		int total = run.logs(this.clock.instant()).size();
		int last = (total + 31) / 32;

		LogsResponse answer = this.api.logs(PIPELINE, run.id(), null, null);

		assertThat(answer.perPage()).isEqualTo(32);
		assertThat(answer.page()).isEqualTo(last);
		assertThat(answer.logEntries()).hasSize(total - (last - 1) * 32);
		assertThat(answer.logEntries().get(answer.logEntries().size() - 1).url())
			.isEqualTo("sandbox://logs/" + run.id() + "/" + (total - 1));
	}

	@Test
	void logsPastTheLastPageShouldAnswerTheLastPage() {
		SimulatedRun run = longRun();
		int total = run.logs(this.clock.instant()).size();
		LogsResponse answer = this.api.logs(PIPELINE, run.id(), 10_000, 50);
		assertThat(answer.page()).isEqualTo((total + 49) / 50);
		assertThat(answer.perPage()).isEqualTo(50);
		assertThat(answer.logEntries()).isNotEmpty();
	}

	@Test
	void logPagesShouldFollowEachOtherWithUniqueUrls() {
		SimulatedRun run = longRun();
		LogsResponse first = this.api.logs(PIPELINE, run.id(), 1, 10);
		LogsResponse second = this.api.logs(PIPELINE, run.id(), 2, 10);
		assertThat(first.page()).isEqualTo(1);
		assertThat(first.logEntries()).hasSize(10);
		assertThat(second.logEntries()).hasSize(10);
		List<String> urls = java.util.stream.Stream.concat(first.logEntries().stream(), second.logEntries().stream())
			.map(SandboxWire.LogEntry::url)
			.toList();
		assertThat(urls).doesNotHaveDuplicates();
		assertThat(first.logEntries().get(0).message()).contains("Starting Workflow Executor");
		assertThat(first.logEntries().get(0).meta().pipelineVersionRunId()).isEqualTo(run.id());
	}

	@Test
	void logsOfAQueuedRunShouldBeAnEmptyFirstPage() {
		SimulatedRun run = this.runs.start(PIPELINE, null, null, "demo");
		LogsResponse answer = this.api.logs(PIPELINE, run.id(), null, null);
		assertThat(answer.logEntries()).isEmpty();
		assertThat(answer.page()).isEqualTo(1);
	}

	@Test
	void listShouldFilterByCodesGivenAsNumbersOrNamesNewestFirst() {
		DemoRuns.seed(this.runs);
		assertThat(this.api.listRuns(PIPELINE, null, null, null).pipelineVersionRuns()).hasSize(7);
		assertThat(this.api.listRuns(PIPELINE, null, null, List.of("64001", "JOB_PAUSED")).pipelineVersionRuns())
			.extracting((run) -> run.orchestrationStatus().status().code())
			.containsExactly(64001, 64001, 64008);
		assertThat(this.api.listRuns(PIPELINE, 2, 3, null).pipelineVersionRuns()).hasSize(3);
		assertThat(this.api.listRuns(PIPELINE, 3, 3, null).pipelineVersionRuns()).hasSize(1);
		assertThatExceptionOfType(SandboxError.class)
			.isThrownBy(() -> this.api.listRuns(PIPELINE, null, null, List.of("JOB_SLEEPING")))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(26301));
	}

	@Test
	void patchShouldAcceptNumbersAndNamesAndRecordTheUserInThePath() {
		SimulatedRun run = longRun();
		this.api.patchRuns(PIPELINE, patch(run.id(), "JOB_PAUSED"));
		this.clock.advance(Duration.ofMinutes(1));
		var resumed = this.api.patchRuns(PIPELINE, patch(run.id(), 64001)).pipelineVersionRuns().get(0);
		assertThat(resumed.orchestrationStatus().status().code()).isEqualTo(64001);
		var history = this.api.statusLogs(PIPELINE, run.id(), null, null, null).pipelineVersionRunStatusLogs();
		assertThat(history).extracting((log) -> log.status().code()).containsExactly(64000, 64001, 64008, 64001);
		assertThat(history).extracting(SandboxWire.StatusLog::triggeredByUserId)
			.containsExactly("demo", "system", "demo", "demo");
	}

	@Test
	void refusedTransitionShouldAnswer26302WithHttp400() {
		SimulatedRun run = longRun();
		assertThatExceptionOfType(SandboxError.class)
			.isThrownBy(() -> this.api.patchRuns(PIPELINE, patch(run.id(), 64001)))
			.satisfies((error) -> {
				assertThat(error.code()).isEqualTo(26302);
				assertThat(error.http().value()).isEqualTo(400);
				assertThat(error.details()).isEqualTo("cannot resume pipeline version run in state JOB_RUNNING");
			});
	}

	@Test
	void patchShouldRefuseOtherActionsAndCodes() {
		SimulatedRun run = longRun();
		PatchRequest noAction = new PatchRequest(null, patch(run.id(), 64008).pipelineVersionRuns());
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.patchRuns(PIPELINE, noAction))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(26302));
		assertThatExceptionOfType(SandboxError.class)
			.isThrownBy(() -> this.api.patchRuns(PIPELINE, patch(run.id(), 64002)))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(26301));
	}

	@Test
	void unknownRunsAndPipelinesShouldBeNotFound() {
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.getRun(PIPELINE, "nope"))
			.satisfies((error) -> {
				assertThat(error.code()).isEqualTo(11101);
				assertThat(error.http().value()).isEqualTo(404);
			});
		PipelineCoordinates other = new PipelineCoordinates("demo", "sandbox", "hello-pipeline", "v2");
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.listRuns(other, null, null, null))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(11101));
		SimulatedRun run = longRun();
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.getRun(other, run.id()))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(11101));
	}

	@Test
	void credentialsShouldBeAKeyHeaderWithTheSandboxToken() {
		this.api.authorize("Key sandbox");
		for (String malformed : new String[] { null, "", "sandbox", "Bearer sandbox", "Key ", "Key a b" }) {
			assertThatExceptionOfType(SandboxError.class).as("%s", malformed)
				.isThrownBy(() -> this.api.authorize(malformed))
				.satisfies((error) -> {
					assertThat(error.code()).isEqualTo(11102);
					assertThat(error.http().value()).isEqualTo(401);
				});
		}
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.authorize("Key someone-elses"))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(11009));
	}

	@Test
	void createShouldStartRunsWithTheGivenOrAGeneratedIdAndRefuseDuplicates() {
		var created = this.api.createRuns(PIPELINE, null).pipelineVersionRuns();
		assertThat(created).singleElement().satisfies((run) -> {
			assertThat(run.id()).matches("[0-9a-f]{32}");
			assertThat(run.orchestrationStatus().status().code()).isEqualTo(64000);
		});
		var named = new SandboxWire.PostRequest(List.of(new SandboxWire.NewRun("mine-1", null)));
		assertThat(this.api.createRuns(PIPELINE, named).pipelineVersionRuns()).extracting(SandboxWire.Run::id)
			.containsExactly("mine-1");
		assertThatExceptionOfType(SandboxError.class).isThrownBy(() -> this.api.createRuns(PIPELINE, named))
			.satisfies((error) -> assertThat(error.code()).isEqualTo(26302));
	}

	private static PatchRequest patch(String runId, Object code) {
		return new PatchRequest("overwrite",
				List.of(new PatchedRun(runId, new PatchedStatus(new SandboxWire.Code(code)))));
	}

}
