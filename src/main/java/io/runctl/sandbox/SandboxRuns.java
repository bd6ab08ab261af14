package io.runctl.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.runctl.pipeline.PipelineCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's runs and the pipelines they belong to. Ids and scripts are drawn from the
 * seed, times from the injected {@link Clock}: the same seed and clock give the same
 * runs.
 */
class SandboxRuns {

	private static final double FAILURE_CHANCE = 0.25;

	/** Beyond this many runs, the oldest finished ones are forgotten. */
	static final int MAX_RUNS = 1000;

	private final Clock clock;

	private final double speed;

	private final long seed;

	private final Random ids;

	private final Set<PipelineCoordinates> pipelines;

	private final Map<String, SimulatedRun> runs = new ConcurrentHashMap<>();

	SandboxRuns(Clock clock, double speed, long seed, Set<PipelineCoordinates> pipelines) {
		this.clock = clock;
		this.speed = speed;
		this.seed = seed;
		this.ids = new Random(seed);
		this.pipelines = Set.copyOf(pipelines);
	}

	Instant now() {
		return this.clock.instant();
	}

	double speed() {
		return this.speed;
	}

	boolean knows(PipelineCoordinates pipeline) {
		return this.pipelines.contains(pipeline);
	}

	/** A new run of random length and outcome, queued now. */
	synchronized SimulatedRun start(PipelineCoordinates pipeline, @Nullable String id, @Nullable String inputText,
			String user) {
		String runId = (id != null) ? id : nextId();
		Random random = scriptRandom(runId);
		double queue = 4 + random.nextDouble() * 11;
		double run = 60 + random.nextDouble() * 180;
		boolean fails = random.nextDouble() < FAILURE_CHANCE;
		return add(new SimulatedRun(runId, pipeline, ScriptWriter.write(random, queue, run, fails, inputText),
				this.speed, now(), user));
	}

	/**
	 * A run with a chosen script, created {@code simulatedAgo} simulated seconds before
	 * now; used for the demo runs.
	 */
	synchronized SimulatedRun startEarlier(PipelineCoordinates pipeline, double simulatedAgo, double queueSeconds,
			double runSeconds, boolean fails) {
		String runId = nextId();
		RunScript script = ScriptWriter.write(scriptRandom(runId), queueSeconds, runSeconds, fails, null);
		return add(new SimulatedRun(runId, pipeline, script, this.speed, ago(simulatedAgo), pipeline.userId()));
	}

	/** The real instant {@code simulatedSeconds} of simulated time ago. */
	Instant ago(double simulatedSeconds) {
		return now().minus(Duration.ofMillis((long) (simulatedSeconds / this.speed * 1000)));
	}

	boolean exists(String runId) {
		return this.runs.containsKey(runId);
	}

	Optional<SimulatedRun> find(PipelineCoordinates pipeline, String runId) {
		return Optional.ofNullable(this.runs.get(runId)).filter((run) -> run.pipeline().equals(pipeline));
	}

	/** The pipeline's runs, newest first. */
	List<SimulatedRun> list(PipelineCoordinates pipeline) {
		return this.runs.values()
			.stream()
			.filter((run) -> run.pipeline().equals(pipeline))
			.sorted(Comparator.comparing(SimulatedRun::createdAt).reversed().thenComparing(SimulatedRun::id))
			.toList();
	}

	private SimulatedRun add(SimulatedRun run) {
		if (this.runs.putIfAbsent(run.id(), run) != null) {
			throw new IllegalStateException("Run " + run.id() + " exists already");
		}
		if (this.runs.size() > MAX_RUNS) {
			forgetOldestFinished(this.runs.size() - MAX_RUNS);
		}
		return run;
	}

	/** Keeps memory bounded however many runs a client starts. */
	private void forgetOldestFinished(int count) {
		Instant now = now();
		this.runs.values()
			.stream()
			.filter((run) -> run.view(now).phase().terminal())
			.sorted(Comparator.comparing(SimulatedRun::createdAt))
			.limit(count)
			.toList()
			.forEach((run) -> this.runs.remove(run.id()));
	}

	private String nextId() {
		String id;
		do {
			id = String.format(Locale.ROOT, "%016x%016x", this.ids.nextLong(), this.ids.nextLong());
		}
		while (this.runs.containsKey(id));
		return id;
	}

	private Random scriptRandom(String runId) {
		return new Random(this.seed ^ (runId.hashCode() * 0x9E3779B97F4A7C15L));
	}

}
