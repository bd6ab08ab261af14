package io.runctl.platform;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformException.Failure;
import io.runctl.platform.UpstreamWire.LogEntriesResponse;
import io.runctl.platform.UpstreamWire.PatchRunsRequest;
import io.runctl.platform.UpstreamWire.RunResponse;
import io.runctl.platform.UpstreamWire.RunsResponse;
import io.runctl.platform.UpstreamWire.StatusLogsResponse;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The upstream platform's pipeline-run API (CLARIFAI_API.md section 5), the only door to
 * it. Every method is lazy, has a deadline and fails with a {@link PlatformException}.
 * Reads are retried ({@link ReadRetry}); the change ({@link #patchRunStatus}) never is.
 */
@Component
public class PlatformClient {

	/** The log type of pipeline-run logs (CLARIFAI_API.md section 5.6). */
	static final String RUN_LOG_TYPE = "pipeline.version.run";

	private final UpstreamExchange exchange;

	private final ReadRetry retry;

	PlatformClient(UpstreamExchange exchange, ReadRetry retry) {
		this.exchange = exchange;
		this.retry = retry;
	}

	/** A safe read: retried after outages and throttles, within the read deadline. */
	private <T extends UpstreamWire.Enveloped> Mono<T> read(String endpoint, String path, Class<T> type) {
		return read(endpoint, path, type, CallPriority.CONTROL);
	}

	/**
	 * A background poll is not retried here: its watcher retries it with its own backoff
	 * and tells its subscribers.
	 */
	private <T extends UpstreamWire.Enveloped> Mono<T> read(String endpoint, String path, Class<T> type,
			CallPriority priority) {
		Mono<T> call = this.exchange.call(endpoint, HttpMethod.GET, path, null, type, priority);
		return (priority == CallPriority.POLL) ? call : this.retry.read(endpoint, call);
	}

	/** {@code GetPipelineVersionRun}. */
	public Mono<PlatformRun> getRun(RunCoordinates run) {
		return getRun(run, CallPriority.CONTROL);
	}

	/** {@code GetPipelineVersionRun}, at the given priority in the rate budget. */
	public Mono<PlatformRun> getRun(RunCoordinates run, CallPriority priority) {
		return read("get_run", runPath(run), RunResponse.class, priority)
			.map((response) -> Optional.ofNullable(response.pipelineVersionRun())
				.map(WireMapping::run)
				.orElseThrow(() -> PlatformException.of(Failure.REJECTED,
						"The upstream answered get_run without a run.", null)));
	}

	/** {@code ListPipelineVersionRuns}, filtered by status codes when any are given. */
	public Mono<List<PlatformRun>> listRuns(PipelineCoordinates pipeline, Collection<Integer> statusCodes, int page,
			int perPage) {
		UriComponentsBuilder path = pipelinePath(pipeline).pathSegment("runs")
			.queryParam("page", page)
			.queryParam("per_page", perPage);
		statusCodes.forEach((code) -> path.queryParam("status_codes", code));
		return read("list_runs", path.build().toUriString(), RunsResponse.class)
			.map((response) -> WireMapping.runs(response.pipelineVersionRuns()));
	}

	/**
	 * {@code PatchPipelineVersionRuns} with {@code action: overwrite}: asks the platform
	 * to move the run to the state with this code. Answers the run as the platform
	 * returned it, when it did, and the change's upstream {@code req_id}.
	 */
	public Mono<PatchedRun> patchRunStatus(RunCoordinates run, int code) {
		PatchRunsRequest body = PatchRunsRequest.overwrite(run.userId(), run.appId(), run.runId(), code);
		String path = pipelinePath(run.pipeline()).pathSegment("runs").build().toUriString();
		return this.exchange.call("patch_runs", HttpMethod.PATCH, path, body, RunsResponse.class)
			.map((response) -> new PatchedRun(WireMapping.runs(response.pipelineVersionRuns())
				.stream()
				.filter((patched) -> run.runId().equals(patched.id()))
				.findFirst(), (response.status() != null) ? response.status().reqId() : null));
	}

	/**
	 * {@code ListLogEntries} of the run's {@code pipeline.version.run} log; always sends
	 * page and per_page.
	 */
	public Mono<PlatformLogPage> listLogEntries(RunCoordinates run, int page, int perPage) {
		return listLogEntries(run, page, perPage, CallPriority.CONTROL);
	}

	/** {@link #listLogEntries(RunCoordinates, int, int)} at the given priority. */
	public Mono<PlatformLogPage> listLogEntries(RunCoordinates run, int page, int perPage, CallPriority priority) {
		String path = runPathBuilder(run).pathSegment(RUN_LOG_TYPE, "logs")
			.queryParam("page", page)
			.queryParam("per_page", perPage)
			.build()
			.toUriString();
		return read("list_logs", path, LogEntriesResponse.class, priority)
			.map((response) -> WireMapping.logPage(response, page, perPage));
	}

	/** {@code ListPipelineVersionRunStatusLogs}: the run's state-change history. */
	public Mono<List<PlatformStatusLog>> listStatusLogs(RunCoordinates run, int page, int perPage) {
		String path = runPathBuilder(run).pathSegment("status_logs")
			.queryParam("page", page)
			.queryParam("per_page", perPage)
			.build()
			.toUriString();
		return read("list_status_logs", path, StatusLogsResponse.class)
			.map((response) -> WireMapping.statusLogs(response.pipelineVersionRunStatusLogs()));
	}

	private static String runPath(RunCoordinates run) {
		return runPathBuilder(run).build().toUriString();
	}

	private static UriComponentsBuilder runPathBuilder(RunCoordinates run) {
		return pipelinePath(run.pipeline()).pathSegment("runs", run.runId());
	}

	private static UriComponentsBuilder pipelinePath(PipelineCoordinates pipeline) {
		return UriComponentsBuilder.newInstance()
			.pathSegment("v2", "users", pipeline.userId(), "apps", pipeline.appId(), "pipelines", pipeline.pipelineId(),
					"versions", pipeline.pipelineVersionId())
			.encode();
	}

}
