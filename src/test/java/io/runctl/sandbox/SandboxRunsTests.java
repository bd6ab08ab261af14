package io.runctl.sandbox;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.runctl.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxRunsTests {

	private final MutableClock clock = MutableClock.at("2026-04-23T13:45:00Z");

	private SandboxRuns demo(long seed) {
		SandboxRuns runs = new SandboxRuns(this.clock, 1.0, seed, Set.of(DemoRuns.PIPELINE));
		DemoRuns.seed(runs);
		return runs;
	}

	private List<SimulatedRun.View> views(SandboxRuns runs) {
		return runs.list(DemoRuns.PIPELINE).stream().map((run) -> run.view(this.clock.instant())).toList();
	}

	@Test
	void demoRunsShouldCoverEveryStateNewestFirst() {
		List<SimulatedRun.View> views = views(demo(42));
		assertThat(views).extracting(SimulatedRun.View::phase)
			.containsExactly(Phase.QUEUED, Phase.RUNNING, Phase.RUNNING, Phase.PAUSED, Phase.CANCELLED, Phase.FAILED,
					Phase.COMPLETED);
		assertThat(views).extracting(SimulatedRun.View::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
		assertThat(views).extracting(SimulatedRun.View::id).allMatch((id) -> id.matches("[0-9a-f]{32}"));
		assertThat(EnumSet.copyOf(views.stream().map(SimulatedRun.View::phase).toList()))
			.containsAll(EnumSet.allOf(Phase.class));
	}

	@Test
	void theSameSeedAndClockShouldGiveTheSameRunsAndLogs() {
		SandboxRuns first = demo(7);
		SandboxRuns second = demo(7);
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(views(first)).isEqualTo(views(second));
		assertThat(logs(first)).isEqualTo(logs(second)).isNotEmpty();
		SimulatedRun a = first.start(DemoRuns.PIPELINE, null, null, "demo");
		SimulatedRun b = second.start(DemoRuns.PIPELINE, null, null, "demo");
		assertThat(a.id()).isEqualTo(b.id());
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(a.view(this.clock.instant())).isEqualTo(b.view(this.clock.instant()));
		assertThat(a.logs(this.clock.instant())).isEqualTo(b.logs(this.clock.instant()));
	}

	@Test
	void anotherSeedShouldGiveOtherRuns() {
		assertThat(views(demo(7))).extracting(SimulatedRun.View::id)
			.doesNotContainAnyElementsOf(views(demo(8)).stream().map(SimulatedRun.View::id).toList());
	}

	@Test
	void newRunsShouldBeQueuedWithAGeneratedOrTheGivenId() {
		SandboxRuns runs = demo(42);
		SimulatedRun generated = runs.start(DemoRuns.PIPELINE, null, null, "demo");
		SimulatedRun named = runs.start(DemoRuns.PIPELINE, "my-run", null, "demo");
		assertThat(generated.id()).matches("[0-9a-f]{32}");
		assertThat(named.id()).isEqualTo("my-run");
		assertThat(generated.view(this.clock.instant()).phase()).isEqualTo(Phase.QUEUED);
		assertThat(runs.list(DemoRuns.PIPELINE).get(0).createdAt()).isEqualTo(this.clock.instant());
		this.clock.advance(Duration.ofHours(1));
		assertThat(generated.view(this.clock.instant()).phase().terminal()).isTrue();
	}

	@Test
	void theOldestFinishedRunsShouldBeForgottenBeyondTheLimit() {
		SandboxRuns runs = new SandboxRuns(this.clock, 1.0, 42, Set.of(DemoRuns.PIPELINE));
		SimulatedRun oldest = runs.startEarlier(DemoRuns.PIPELINE, 7200, 5, 60, false);
		SimulatedRun running = runs.startEarlier(DemoRuns.PIPELINE, 7300, 5, 60_000, false);
		for (int i = 0; i < SandboxRuns.MAX_RUNS - 1; i++) {
			runs.startEarlier(DemoRuns.PIPELINE, 3600, 5, 60, false);
		}
		assertThat(runs.list(DemoRuns.PIPELINE)).hasSize(SandboxRuns.MAX_RUNS);
		assertThat(runs.exists(oldest.id())).isFalse();
		assertThat(runs.exists(running.id())).isTrue();
	}

	private List<List<SimulatedRun.Emitted>> logs(SandboxRuns runs) {
		return runs.list(DemoRuns.PIPELINE).stream().map((run) -> run.logs(this.clock.instant())).toList();
	}

}
