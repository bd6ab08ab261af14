package io.runctl.run;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformClient;
import io.runctl.platform.PlatformStatusLog;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Reading runs: one run, a page of runs, a run's status history.
 */
@Service
public class RunService {

	static final int HISTORY_PAGE_SIZE = 100;

	static final int HISTORY_MAX_PAGES = 10;

	private final PlatformClient platform;

	RunService(PlatformClient platform) {
		this.platform = platform;
	}

	public Mono<Run> get(RunCoordinates run) {
		return this.platform.getRun(run).map((found) -> Run.of(run, found));
	}

	/**
	 * A page of the pipeline version's runs, newest first as the upstream lists them.
	 * UNKNOWN cannot be asked of the upstream, so a filter naming it filters the page
	 * here instead.
	 */
	public Mono<RunPage> list(PipelineCoordinates pipeline, Set<RunState> states, int page, int perPage) {
		boolean filterHere = states.contains(RunState.UNKNOWN);
		Collection<Integer> codes = filterHere ? List.of()
				: states.stream().flatMap((state) -> state.upstreamCodes().stream()).toList();
		return this.platform.listRuns(pipeline, codes, page, perPage)
			.map((runs) -> runs.stream()
				.map((run) -> Run.of(pipeline.run(run.id()), run))
				.filter((run) -> states.isEmpty() || states.contains(run.state()))
				.toList())
			.map((runs) -> new RunPage(runs, page, perPage));
	}

	/**
	 * The upstream's status history of the run, oldest first, at most
	 * {@value #HISTORY_MAX_PAGES} pages.
	 */
	public Mono<List<HistoryEntry>> history(RunCoordinates run) {
		return Flux.range(1, HISTORY_MAX_PAGES)
			.concatMap((page) -> this.platform.listStatusLogs(run, page, HISTORY_PAGE_SIZE))
			.takeUntil((page) -> page.size() < HISTORY_PAGE_SIZE)
			.flatMapIterable((page) -> page)
			.map(HistoryEntry::of)
			.collectList();
	}

	/** A page of runs: {@code {"runs": [...], "page", "per_page"}}. */
	public record RunPage(List<Run> runs, int page, int perPage) {
	}

	/** One change in a run's status history. */
	public record HistoryEntry(RunState state, @Nullable String message, @Nullable String triggeredBy,
			@Nullable Instant at) {

		static HistoryEntry of(PlatformStatusLog log) {
			return new HistoryEntry(RunState.ofCode(log.statusCode()), log.message(), log.triggeredBy(),
					log.createdAt());
		}

	}

}
