package io.runctl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.platform.PlatformTarget;
import io.runctl.sandbox.SandboxWire.LogsResponse;
import io.runctl.sandbox.SandboxWire.NewRun;
import io.runctl.sandbox.SandboxWire.PatchRequest;
import io.runctl.sandbox.SandboxWire.PatchedRun;
import io.runctl.sandbox.SandboxWire.PostRequest;
import io.runctl.sandbox.SandboxWire.RunResponse;
import io.runctl.sandbox.SandboxWire.RunsResponse;
import io.runctl.sandbox.SandboxWire.Status;
import io.runctl.sandbox.SandboxWire.StatusLogsResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The platform's pipeline-run endpoints (CLARIFAI_API.md section 5) over the simulated
 * runs: the checks in the platform's order (credentials, then the pipeline, then the run,
 * then the request), its paging rules and its transition rules. Refusals are
 * {@link SandboxError}s.
 */
class SandboxApi {

	static final int RUNS_PER_PAGE = 128;

	static final int LOGS_PER_PAGE = 32;

	private static final Pattern AUTHORIZATION = Pattern.compile("Key (\\S+)");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

	private final SandboxRuns runs;

	private final AtomicLong requests = new AtomicLong();

	SandboxApi(SandboxRuns runs) {
		this.runs = runs;
	}

	/** Checks the {@code Authorization: Key <token>} header. */
	void authorize(@Nullable String header) {
		var matcher = AUTHORIZATION.matcher((header != null) ? header.strip() : "");
		if (!matcher.matches()) {
			throw new SandboxError(HttpStatus.UNAUTHORIZED, SandboxError.CONN_INVALID_REQUEST, "Invalid request",
					"Empty or malformed authorization header. Please provide an API key or session token.");
		}
		if (!PlatformTarget.SANDBOX_TOKEN.equals(matcher.group(1))) {
			throw new SandboxError(HttpStatus.UNAUTHORIZED, SandboxError.CONN_KEY_NOT_FOUND, "API key not found",
					"invalid key");
		}
	}

	Status ok() {
		return new Status(10000, "Ok", null, requestId());
	}

	Status failed(SandboxError error) {
		return new Status(error.code(), error.description(), error.details(), requestId());
	}

	RunResponse getRun(PipelineCoordinates pipeline, String runId) {
		SimulatedRun run = run(pipeline, runId);
		return new RunResponse(ok(), SandboxViews.run(run.view(this.runs.now())));
	}

	RunsResponse listRuns(PipelineCoordinates pipeline, @Nullable Integer page, @Nullable Integer perPage,
			@Nullable List<String> statusCodes) {
		requirePipeline(pipeline);
		Predicate<Phase> filter = SandboxRequests.phases(statusCodes);
		var now = this.runs.now();
		List<SimulatedRun.View> views = this.runs.list(pipeline)
			.stream()
			.map((run) -> run.view(now))
			.filter((view) -> filter.test(view.phase()))
			.toList();
		List<SimulatedRun.View> slice = Paging.of(page, 1, perPage, RUNS_PER_PAGE).slice(views);
		return new RunsResponse(ok(), slice.stream().map(SandboxViews::run).toList());
	}

	/**
	 * {@code PostPipelineVersionRuns}: starts one simulated run per element (one if
	 * none).
	 */
	RunsResponse createRuns(PipelineCoordinates pipeline, @Nullable PostRequest body) {
		requirePipeline(pipeline);
		List<NewRun> wanted = (body != null && body.pipelineVersionRuns() != null
				&& !body.pipelineVersionRuns().isEmpty()) ? body.pipelineVersionRuns()
						: List.of(new NewRun(null, null));
		synchronized (this.runs) {
			for (NewRun run : wanted) {
				if (run != null && run.id() != null && !run.id().isEmpty()) {
					if (!ID.matcher(run.id()).matches()) {
						throw SandboxError.badArgument("invalid pipeline version run id '" + run.id() + "'");
					}
					if (this.runs.exists(run.id())) {
						throw SandboxError.invalid("pipeline version run '" + run.id() + "' already exists");
					}
				}
			}
			List<SandboxWire.Run> created = new ArrayList<>();
			for (NewRun run : wanted) {
				String id = (run != null && run.id() != null && !run.id().isEmpty()) ? run.id() : null;
				SimulatedRun started = this.runs.start(pipeline, id, SandboxRequests.inputText(run), pipeline.userId());
				created.add(SandboxViews.run(started.view(this.runs.now())));
			}
			return new RunsResponse(ok(), created);
		}
	}

	/**
	 * {@code PatchPipelineVersionRuns} with {@code action: overwrite}: pause (64008),
	 * resume (64001) or cancel (64004), all or none.
	 */
	RunsResponse patchRuns(PipelineCoordinates pipeline, @Nullable PatchRequest body) {
		requirePipeline(pipeline);
		if (body == null || !"overwrite".equals(body.action())) {
			throw SandboxError.invalid("only action 'overwrite' is supported");
		}
		if (body.pipelineVersionRuns() == null || body.pipelineVersionRuns().isEmpty()) {
			throw SandboxError.badArgument("pipeline_version_runs must hold at least one run");
		}
		synchronized (this.runs) {
			var now = this.runs.now();
			List<SimulatedRun> targets = new ArrayList<>();
			List<Phase> wanted = new ArrayList<>();
			for (PatchedRun patched : body.pipelineVersionRuns()) {
				Phase target = SandboxRequests.requestedPhase(patched);
				SimulatedRun run = run(pipeline, (patched.id() != null) ? patched.id() : "");
				Phase current = run.view(now).phase();
				if (!current.allowsMoveTo(target)) {
					throw SandboxRequests.refused(target, current);
				}
				targets.add(run);
				wanted.add(target);
			}
			List<SandboxWire.Run> answered = new ArrayList<>();
			for (int i = 0; i < targets.size(); i++) {
				Phase refusedIn = targets.get(i).request(wanted.get(i), now, pipeline.userId());
				if (refusedIn != null) {
					throw SandboxRequests.refused(wanted.get(i), refusedIn);
				}
				answered.add(SandboxViews.run(targets.get(i).view(now)));
			}
			return new RunsResponse(ok(), answered);
		}
	}

	/**
	 * {@code ListLogEntries}: {@code per_page} defaults to 32 and {@code page} to the
	 * last page, which is also answered for a page past the end.
	 */
	LogsResponse logs(PipelineCoordinates pipeline, String runId, @Nullable Integer page, @Nullable Integer perPage) {
		SimulatedRun run = run(pipeline, runId);
		List<SimulatedRun.Emitted> emitted = run.logs(this.runs.now());
		int size = Paging.perPage(perPage, LOGS_PER_PAGE);
		int last = Math.max(1, (emitted.size() + size - 1) / size);
		int answered = (page == null || page <= 0 || page > last) ? last : page;
		Paging paging = new Paging(answered, size);
		return new LogsResponse(ok(), paging.slice(emitted).stream().map((e) -> SandboxViews.logEntry(run, e)).toList(),
				answered, size);
	}

	/**
	 * {@code ListPipelineVersionRunStatusLogs}: the run's state changes, oldest first.
	 */
	StatusLogsResponse statusLogs(PipelineCoordinates pipeline, String runId, @Nullable Integer page,
			@Nullable Integer perPage, @Nullable List<String> statusCodes) {
		SimulatedRun run = run(pipeline, runId);
		Predicate<Phase> filter = SandboxRequests.phases(statusCodes);
		List<SimulatedRun.Change> changes = run.changes(this.runs.now())
			.stream()
			.filter((change) -> filter.test(change.phase()))
			.toList();
		return new StatusLogsResponse(ok(),
				Paging.of(page, 1, perPage, RUNS_PER_PAGE)
					.slice(changes)
					.stream()
					.map((change) -> SandboxViews.statusLog(run, change))
					.toList());
	}

	private void requirePipeline(PipelineCoordinates pipeline) {
		if (!this.runs.knows(pipeline)) {
			throw SandboxError
				.notFound("pipeline '" + pipeline.pipelineId() + "' version '" + pipeline.pipelineVersionId()
						+ "' of app '" + pipeline.appId() + "' of user '" + pipeline.userId() + "' not found");
		}
	}

	private SimulatedRun run(PipelineCoordinates pipeline, String runId) {
		requirePipeline(pipeline);
		return this.runs.find(pipeline, runId)
			.orElseThrow(() -> SandboxError.notFound("pipeline version run '" + runId + "' not found"));
	}

	private String requestId() {
		return "sandbox-" + this.requests.incrementAndGet();
	}

}
