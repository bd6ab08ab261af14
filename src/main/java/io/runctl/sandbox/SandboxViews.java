package io.runctl.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.sandbox.SandboxWire.ArgoStatus;
import io.runctl.sandbox.SandboxWire.ComputeCluster;
import io.runctl.sandbox.SandboxWire.LogEntry;
import io.runctl.sandbox.SandboxWire.LogMeta;
import io.runctl.sandbox.SandboxWire.Nodepool;
import io.runctl.sandbox.SandboxWire.OrchestrationStatus;
import io.runctl.sandbox.SandboxWire.PipelineVersion;
import io.runctl.sandbox.SandboxWire.Run;
import io.runctl.sandbox.SandboxWire.RunStatus;
import io.runctl.sandbox.SandboxWire.StatusLog;
import io.runctl.sandbox.SandboxWire.UserAppId;
import org.jspecify.annotations.Nullable;

/**
 * From simulated runs to the platform's JSON: a run body per state as in CLARIFAI_API.md
 * section 8.2, log entries as in 8.5, status logs as in 8.6.
 */
final class SandboxViews {

	static final String LOG_TYPE = "pipeline.version.run";

	private static final String NODEPOOL = "sandbox-nodepool";

	private static final String CLUSTER = "sandbox-cluster";

	private SandboxViews() {
	}

	static Run run(SimulatedRun.View view) {
		PipelineCoordinates pipeline = view.pipeline();
		Phase phase = view.phase();
		boolean started = view.startedAt() != null;
		return new Run(view.id(),
				new PipelineVersion(pipeline.pipelineVersionId(), pipeline.appId(), pipeline.userId(),
						pipeline.pipelineId()),
				List.of(new Nodepool(NODEPOOL, new ComputeCluster(CLUSTER, pipeline.userId()))),
				new OrchestrationStatus(argo(view), new RunStatus(phase.code(), phase.description(), view.details())),
				pipeline.userId(), pipeline.appId(), view.createdAt().toString(), view.modifiedAt().toString(),
				started ? view.startedAt().toString() : null,
				(view.endedAt() != null) ? view.endedAt().toString() : null,
				(view.runSeconds() != null) ? String.format(Locale.ROOT, "%.3fs", view.runSeconds()) : null);
	}

	/** Argo's workflow status as the opaque JSON string the platform passes through. */
	private static @Nullable ArgoStatus argo(SimulatedRun.View view) {
		String argoPhase = switch (view.phase()) {
			case RUNNING -> "Running";
			case COMPLETED -> "Succeeded";
			case FAILED -> "Failed";
			case QUEUED, PAUSED, CANCELLED -> null;
		};
		if (argoPhase == null) {
			return null;
		}
		StringBuilder json = new StringBuilder("{\"phase\":\"").append(argoPhase).append('"');
		if (view.startedAt() != null) {
			json.append(",\"startedAt\":\"").append(view.startedAt()).append('"');
		}
		if (view.endedAt() != null) {
			json.append(",\"finishedAt\":\"").append(view.endedAt()).append('"');
		}
		if (view.details() != null) {
			json.append(",\"message\":\"").append(RunScript.escapeJson(view.details())).append('"');
		}
		return new ArgoStatus(json.append('}').toString());
	}

	static LogEntry logEntry(SimulatedRun run, SimulatedRun.Emitted emitted) {
		PipelineCoordinates pipeline = run.pipeline();
		return new LogEntry(emitted.message(), LOG_TYPE, "sandbox://logs/" + run.id() + "/" + emitted.index(),
				new LogMeta(new UserAppId(pipeline.userId(), pipeline.appId()), pipeline.pipelineId(),
						pipeline.pipelineVersionId(), run.id()));
	}

	static StatusLog statusLog(SimulatedRun run, SimulatedRun.Change change) {
		Phase phase = change.phase();
		return new StatusLog(run.id() + "-" + change.index(), run.id(),
				new RunStatus(phase.code(), phase.description(), null), change.message(), change.triggeredBy(),
				instant(change.at()));
	}

	private static String instant(Instant at) {
		return at.toString();
	}

}
