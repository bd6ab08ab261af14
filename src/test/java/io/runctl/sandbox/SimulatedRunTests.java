package io.runctl.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.runctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedRunTests {

	private static final Instant T0 = Instant.parse("2026-04-23T13:40:00Z");

	private final MutableClock clock = new MutableClock(T0);

	/** Queued 10 s, runs 100 s, at real-time speed. */
	private SimulatedRun run(boolean fails) {
		RunScript script = ScriptWriter.write(new Random(1), 10, 100, fails, "hello");
		return new SimulatedRun("r1", DemoRuns.PIPELINE, script, 1.0, T0, "demo");
	}

	private SimulatedRun.View view(SimulatedRun run) {
		return run.view(this.clock.instant());
	}

	@Test
	void runShouldGoFromQueuedToRunningToCompletedOnTheVirtualClock() {
		SimulatedRun run = run(false);
		assertThat(view(run).phase()).isEqualTo(Phase.QUEUED);
		assertThat(view(run).startedAt()).isNull();
		assertThat(run.logs(this.clock.instant())).isEmpty();

		this.clock.advanceSeconds(30);
		assertThat(view(run).phase()).isEqualTo(Phase.RUNNING);
		assertThat(view(run).startedAt()).isEqualTo(T0.plusSeconds(10));
		assertThat(view(run).runSeconds()).isEqualTo(20.0);
		int logsAfter30 = run.logs(this.clock.instant()).size();
		assertThat(logsAfter30).isPositive();

		this.clock.advanceSeconds(50);
		assertThat(run.logs(this.clock.instant())).hasSizeGreaterThan(logsAfter30);

		this.clock.advanceSeconds(3600);
		SimulatedRun.View done = view(run);
		assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
		assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(110));
		assertThat(done.runSeconds()).isEqualTo(100.0);
		assertThat(run.changes(this.clock.instant())).extracting(SimulatedRun.Change::phase)
			.containsExactly(Phase.QUEUED, Phase.RUNNING, Phase.COMPLETED);
		assertThat(run.changes(this.clock.instant())).extracting(SimulatedRun.Change::triggeredBy)
			.containsExactly("demo", "system", "system");
	}

	@Test
	void failingRunShouldEndFailedWithItsDetailsAndATraceback() {
		SimulatedRun run = run(true);
		this.clock.advanceSeconds(200);
		SimulatedRun.View done = view(run);
		assertThat(done.phase()).isEqualTo(Phase.FAILED);
		assertThat(done.details()).isEqualTo("process exited with code 1");
		List<SimulatedRun.Emitted> logs = run.logs(this.clock.instant());
		assertThat(logs.get(logs.size() - 1).message()).contains("Traceback (most recent call last):")
			.contains("level=error");
	}

	@Test
	void logChunksShouldBeInTimeOrderStampedWhenTheyFellDueAndMixTheThreeLineKinds() {
		SimulatedRun run = run(false);
		this.clock.advanceSeconds(500);
		List<SimulatedRun.Emitted> logs = run.logs(this.clock.instant());
		assertThat(logs).extracting(SimulatedRun.Emitted::at).isSorted();
		assertThat(logs.get(0).at()).isEqualTo(T0.plusSeconds(10));
		assertThat(logs.get(logs.size() - 1).at()).isBeforeOrEqualTo(T0.plusSeconds(110));
		List<String> lines = logs.stream().flatMap((entry) -> entry.message().lines()).toList();
		assertThat(lines).anyMatch((line) -> line.matches("time=\"[0-9T:.\\-]+Z\" level=info msg=\".*\".*"));
		assertThat(lines).anyMatch((line) -> line.startsWith("INFO:root:"));
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> jsonLines = lines.stream().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
		assertThat(jsonLines).isNotEmpty()
			.allSatisfy((line) -> assertThat(line.propertyNames()).contains("msg", "@timestamp", "level", "filename",
					"lineno"));
		assertThat(logs).anyMatch((entry) -> entry.message().lines().count() > 1);
		assertThat(lines).anyMatch((line) -> line.contains("processed: hello"));
	}

	@Test
	void pauseShouldStopTheClockAndResumeShouldContinueIt() {
		SimulatedRun run = run(false);
		this.clock.advanceSeconds(40);
		assertThat(run.request(Phase.PAUSED, this.clock.instant(), "acme")).isNull();
		int logs = run.logs(this.clock.instant()).size();

		this.clock.advance(Duration.ofHours(5));
		SimulatedRun.View paused = view(run);
		assertThat(paused.phase()).isEqualTo(Phase.PAUSED);
		assertThat(paused.runSeconds()).isEqualTo(30.0);
		assertThat(run.logs(this.clock.instant())).hasSize(logs);

		Instant resumedAt = this.clock.instant();
		assertThat(run.request(Phase.RUNNING, resumedAt, "acme")).isNull();
		assertThat(view(run).phase()).isEqualTo(Phase.RUNNING);
		this.clock.advanceSeconds(69);
		assertThat(view(run).phase()).isEqualTo(Phase.RUNNING);
		this.clock.advanceSeconds(2);
		SimulatedRun.View done = view(run);
		assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
		assertThat(done.endedAt()).isEqualTo(resumedAt.plusSeconds(70));
		assertThat(done.runSeconds()).isEqualTo(100.0);
		assertThat(run.changes(this.clock.instant())).extracting(SimulatedRun.Change::phase)
			.containsExactly(Phase.QUEUED, Phase.RUNNING, Phase.PAUSED, Phase.RUNNING, Phase.COMPLETED);
		assertThat(run.changes(this.clock.instant())).extracting(SimulatedRun.Change::triggeredBy)
			.containsExactly("demo", "system", "acme", "acme", "system");
	}

	@Test
	void resumeOfARunPausedInTheQueueShouldQueueItAgain() {
		SimulatedRun run = run(false);
		this.clock.advanceSeconds(4);
		run.request(Phase.PAUSED, this.clock.instant(), "acme");
		this.clock.advanceSeconds(100);
		run.request(Phase.RUNNING, this.clock.instant(), "acme");
		assertThat(view(run).phase()).isEqualTo(Phase.QUEUED);
		this.clock.advanceSeconds(6);
		assertThat(view(run).phase()).isEqualTo(Phase.RUNNING);
		assertThat(view(run).startedAt()).isEqualTo(T0.plusSeconds(110));
	}

	@Test
	void cancelShouldEndTheRunForGood() {
		SimulatedRun run = run(false);
		this.clock.advanceSeconds(50);
		Instant cancelledAt = this.clock.instant();
		assertThat(run.request(Phase.CANCELLED, cancelledAt, "acme")).isNull();
		int logs = run.logs(this.clock.instant()).size();

		this.clock.advance(Duration.ofHours(1));
		SimulatedRun.View cancelled = view(run);
		assertThat(cancelled.phase()).isEqualTo(Phase.CANCELLED);
		assertThat(cancelled.endedAt()).isEqualTo(cancelledAt);
		assertThat(cancelled.runSeconds()).isEqualTo(40.0);
		assertThat(run.logs(this.clock.instant())).hasSize(logs);
		assertThat(run.request(Phase.RUNNING, this.clock.instant(), "acme")).isEqualTo(Phase.CANCELLED);
		assertThat(run.request(Phase.CANCELLED, this.clock.instant(), "acme")).isEqualTo(Phase.CANCELLED);
	}

	@Test
	void transitionsShouldBeTheOnesThePlatformDocumentsAllow() {
		for (Phase from : Phase.values()) {
			assertThat(from.allowsMoveTo(Phase.PAUSED)).as("pause from %s", from)
				.isEqualTo(from == Phase.QUEUED || from == Phase.RUNNING);
			assertThat(from.allowsMoveTo(Phase.RUNNING)).as("resume from %s", from).isEqualTo(from == Phase.PAUSED);
			assertThat(from.allowsMoveTo(Phase.CANCELLED)).as("cancel from %s", from)
				.isEqualTo(Set.of(Phase.QUEUED, Phase.RUNNING, Phase.PAUSED).contains(from));
			assertThat(from.allowsMoveTo(Phase.COMPLETED)).isFalse();
		}
	}

	@Test
	void refusedRequestsShouldAnswerTheCurrentPhaseAndChangeNothing() {
		SimulatedRun run = run(false);
		this.clock.advanceSeconds(20);
		assertThat(run.request(Phase.RUNNING, this.clock.instant(), "acme")).isEqualTo(Phase.RUNNING);
		run.request(Phase.PAUSED, this.clock.instant(), "acme");
		assertThat(run.request(Phase.PAUSED, this.clock.instant(), "acme")).isEqualTo(Phase.PAUSED);
		this.clock.advanceSeconds(1000);
		run.request(Phase.RUNNING, this.clock.instant(), "acme");
		this.clock.advanceSeconds(1000);
		assertThat(run.request(Phase.PAUSED, this.clock.instant(), "acme")).isEqualTo(Phase.COMPLETED);
		assertThat(run.request(Phase.CANCELLED, this.clock.instant(), "acme")).isEqualTo(Phase.COMPLETED);
		assertThat(view(run).phase()).isEqualTo(Phase.COMPLETED);
	}

	@Test
	void speedShouldScaleRealTime() {
		RunScript script = ScriptWriter.write(new Random(1), 10, 100, false, null);
		SimulatedRun run = new SimulatedRun("fast", DemoRuns.PIPELINE, script, 10.0, T0, "demo");
		this.clock.advanceSeconds(10.5);
		assertThat(view(run).phase()).isEqualTo(Phase.RUNNING);
		this.clock.advanceSeconds(1);
		SimulatedRun.View done = view(run);
		assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
		assertThat(done.startedAt()).isEqualTo(T0.plusSeconds(1));
		assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(11));
		assertThat(done.runSeconds()).isEqualTo(10.0);
	}

}
