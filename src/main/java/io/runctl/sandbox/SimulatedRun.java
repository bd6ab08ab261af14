package io.runctl.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.runctl.pipeline.PipelineCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * One simulated run. Its state is derived lazily from a virtual clock: the simulated
 * seconds it has been active (real time times the speed, pauses excluded). Every read
 * first catches up with the clock, emitting the log chunks and state changes that fell
 * due, each stamped with the exact instant it fell due; nothing ever sleeps. Every method
 * takes the current instant, so a history can be replayed and tests need no waiting.
 */
final class SimulatedRun {

	static final String SYSTEM = "system";

	/** A log chunk that has been printed. */
	record Emitted(int index, Instant at, String message) {
	}

	/** A state change, and who triggered it. */
	record Change(int index, Phase phase, Instant at, String triggeredBy, @Nullable String message) {
	}

	/**
	 * The run as it is at one instant.
	 *
	 * @param runSeconds real seconds spent running, pauses excluded; {@code null} before
	 * it started
	 */
	record View(String id, PipelineCoordinates pipeline, Phase phase, @Nullable String details, Instant createdAt,
			Instant modifiedAt, @Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable Double runSeconds) {
	}

	private final String id;

	private final PipelineCoordinates pipeline;

	private final RunScript script;

	private final double speed;

	private final Instant createdAt;

	private Phase phase = Phase.QUEUED;

	/** Simulated seconds of activity before {@link #segmentStart}. */
	private double base;

	/** When the current active stretch began; {@code null} while paused or ended. */
	private @Nullable Instant segmentStart;

	private Instant modifiedAt;

	private @Nullable Instant startedAt;

	private @Nullable Instant endedAt;

	private final List<Emitted> logs = new ArrayList<>();

	private final List<Change> changes = new ArrayList<>();

	SimulatedRun(String id, PipelineCoordinates pipeline, RunScript script, double speed, Instant createdAt,
			String createdBy) {
		this.id = id;
		this.pipeline = pipeline;
		this.script = script;
		this.speed = speed;
		this.createdAt = createdAt;
		this.segmentStart = createdAt;
		this.modifiedAt = createdAt;
		record(Phase.QUEUED, createdAt, createdBy, "Run created");
	}

	String id() {
		return this.id;
	}

	PipelineCoordinates pipeline() {
		return this.pipeline;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	synchronized View view(Instant now) {
		advance(now);
		Double runSeconds = null;
		if (this.startedAt != null) {
			double running = Math.min(Math.max(elapsed(now) - this.script.queueSeconds(), 0), this.script.runSeconds());
			runSeconds = running / this.speed;
		}
		String details = (this.phase == Phase.FAILED) ? this.script.failure() : null;
		return new View(this.id, this.pipeline, this.phase, details, this.createdAt, this.modifiedAt, this.startedAt,
				this.endedAt, runSeconds);
	}

	synchronized List<Emitted> logs(Instant now) {
		advance(now);
		return List.copyOf(this.logs);
	}

	synchronized List<Change> changes(Instant now) {
		advance(now);
		return List.copyOf(this.changes);
	}

	/**
	 * A user's request to move the run to {@code target} (PAUSED, RUNNING to resume, or
	 * CANCELLED).
	 * @return the phase the run was in when the request was refused, or {@code null} when
	 * it was carried out
	 */
	synchronized @Nullable Phase request(Phase target, Instant now, String user) {
		advance(now);
		Phase from = this.phase;
		if (!from.allowsMoveTo(target)) {
			return from;
		}
		switch (target) {
			case PAUSED -> {
				freeze(now);
				this.phase = Phase.PAUSED;
				record(Phase.PAUSED, now, user, "Paused by user");
			}
			case RUNNING -> {
				this.segmentStart = now;
				this.phase = (this.base < this.script.queueSeconds()) ? Phase.QUEUED : Phase.RUNNING;
				record(this.phase, now, user, "Resumed by user");
			}
			case CANCELLED -> {
				freeze(now);
				this.phase = Phase.CANCELLED;
				this.endedAt = now;
				record(Phase.CANCELLED, now, user, "Cancelled by user");
			}
			case QUEUED, COMPLETED, FAILED -> throw new IllegalArgumentException("Not a requestable state: " + target);
		}
		return null;
	}

	/**
	 * Catches up with the clock: starts, prints and ends what fell due by {@code now}.
	 */
	private void advance(Instant now) {
		if (this.segmentStart == null) {
			return;
		}
		double elapsed = elapsed(now);
		if (this.phase == Phase.QUEUED && elapsed >= this.script.queueSeconds()) {
			Instant at = instantOf(this.script.queueSeconds(), now);
			this.phase = Phase.RUNNING;
			this.startedAt = at;
			record(Phase.RUNNING, at, SYSTEM, "Run started");
		}
		if (this.phase != Phase.RUNNING) {
			return;
		}
		List<RunScript.Chunk> chunks = this.script.chunks();
		while (this.logs.size() < chunks.size()
				&& this.script.queueSeconds() + chunks.get(this.logs.size()).atSecond() <= elapsed) {
			RunScript.Chunk chunk = chunks.get(this.logs.size());
			Instant at = instantOf(this.script.queueSeconds() + chunk.atSecond(), now);
			this.logs.add(new Emitted(this.logs.size(), at, chunk.render(at)));
		}
		if (elapsed >= this.script.endSeconds()) {
			Instant at = instantOf(this.script.endSeconds(), now);
			this.base = this.script.endSeconds();
			this.segmentStart = null;
			this.phase = this.script.outcome();
			this.endedAt = at;
			record(this.phase, at, SYSTEM, (this.script.failure() != null) ? this.script.failure() : "Run completed");
		}
	}

	private void freeze(Instant now) {
		this.base = elapsed(now);
		this.segmentStart = null;
	}

	private double elapsed(Instant now) {
		Instant start = this.segmentStart;
		if (start == null || now.isBefore(start)) {
			return this.base;
		}
		return this.base + Duration.between(start, now).toNanos() / 1e9 * this.speed;
	}

	/** The real instant at which the active stretch reached {@code simulated} seconds. */
	private Instant instantOf(double simulated, Instant now) {
		Instant start = (this.segmentStart != null) ? this.segmentStart : now;
		Instant at = start.plusNanos((long) ((simulated - this.base) / this.speed * 1e9));
		return at.isAfter(now) ? now : at;
	}

	private void record(Phase to, Instant at, String triggeredBy, String message) {
		this.changes.add(new Change(this.changes.size(), to, at, triggeredBy, message));
		this.modifiedAt = at;
	}

}
