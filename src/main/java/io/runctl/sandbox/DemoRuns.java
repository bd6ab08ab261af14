package io.runctl.sandbox;

import java.time.Duration;

import io.runctl.pipeline.PipelineCoordinates;

/**
 * The demo pipeline and the runs the sandbox starts with, one in each state a run can be
 * in. Their histories are replayed relative to the clock's now, so they are in these
 * states at startup whatever the speed.
 */
final class DemoRuns {

	static final PipelineCoordinates PIPELINE = new PipelineCoordinates("demo", "sandbox", "hello-pipeline", "v1");

	/** Who paused and cancelled the demo runs: the demo pipeline's user. */
	static final String USER = PIPELINE.userId();

	private DemoRuns() {
	}

	static void seed(SandboxRuns runs) {
		// Oldest first: the ids are drawn in this order.
		runs.startEarlier(PIPELINE, 3 * 3600, 12, 240, false);
		runs.startEarlier(PIPELINE, 2 * 3600, 9, 95, true);
		SimulatedRun cancelled = runs.startEarlier(PIPELINE, 1800, 7, 500, false);
		cancelled.request(Phase.CANCELLED, cancelled.createdAt().plus(real(runs, 200)), USER);
		SimulatedRun paused = runs.startEarlier(PIPELINE, 600, 10, 600, false);
		paused.request(Phase.PAUSED, paused.createdAt().plus(real(runs, 140)), USER);
		runs.startEarlier(PIPELINE, 150, 6, 200, false);
		runs.startEarlier(PIPELINE, 75, 8, 900, false);
		runs.startEarlier(PIPELINE, 5, 120, 300, false);
	}

	private static Duration real(SandboxRuns runs, double simulatedSeconds) {
		return Duration.ofMillis((long) (simulatedSeconds / runs.speed() * 1000));
	}

}
