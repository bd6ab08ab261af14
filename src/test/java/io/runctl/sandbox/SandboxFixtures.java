package io.runctl.sandbox;

import io.runctl.pipeline.RunCoordinates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fresh runs of the demo pipeline in a chosen state, made with the sandbox's own
 * simulation relative to its clock.
 */
final class SandboxFixtures {

	private final SandboxRuns runs;

	SandboxFixtures(SandboxRuns runs) {
		this.runs = runs;
	}

	/** A run in the state with this job code; a paused or cancelled one ran first. */
	RunCoordinates runIn(int code) {
		SimulatedRun run = switch (code) {
			case 64000 -> this.runs.startEarlier(DemoRuns.PIPELINE, 1, 60, 600, false);
			case 64001, 64008, 64004 -> this.runs.startEarlier(DemoRuns.PIPELINE, 100, 5, 6000, false);
			case 64002 -> this.runs.startEarlier(DemoRuns.PIPELINE, 3600, 5, 300, false);
			case 64003 -> this.runs.startEarlier(DemoRuns.PIPELINE, 3600, 5, 300, true);
			default -> throw new IllegalArgumentException("No fixture for code " + code);
		};
		if (code == 64008 || code == 64004) {
			Phase target = (code == 64008) ? Phase.PAUSED : Phase.CANCELLED;
			assertThat(run.request(target, this.runs.now(), DemoRuns.USER)).isNull();
		}
		assertThat(run.view(this.runs.now()).phase().code()).isEqualTo(code);
		return DemoRuns.PIPELINE.run(run.id());
	}

	RunCoordinates runWithLogs(int atLeast) {
		RunCoordinates run = runIn(64002);
		SimulatedRun simulated = this.runs.find(DemoRuns.PIPELINE, run.runId()).orElseThrow();
		assertThat(simulated.logs(this.runs.now())).hasSizeGreaterThanOrEqualTo(atLeast);
		return run;
	}

}
