package io.runctl.run;

import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformException;
import io.runctl.web.Problems;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.ErrorResponse;

/**
 * The audit record of one control call, from the check to the answer. Written off the
 * event loop (the journal may block). A record that cannot be written before the answer
 * turns the answer into {@link JournalUnavailableException}; only the completion of an
 * attempt whose upstream change was already sent is logged instead, because the change
 * happened and the attempt is on record.
 */
final class ControlEntry {

	private static final Logger log = LoggerFactory.getLogger(ControlEntry.class);

	private final ControlJournal journal;

	private final RunAction action;

	private final RunCoordinates run;

	private final ControlOptions options;

	private volatile @Nullable RunState previous;

	private volatile @Nullable Long attempt;

	private volatile @Nullable String upstreamRequestId;

	ControlEntry(ControlJournal journal, RunAction action, RunCoordinates run, ControlOptions options) {
		this.journal = journal;
		this.action = action;
		this.run = run;
		this.options = options;
	}

	/** The state the run was in when the action was checked. */
	void checked(RunState state) {
		this.previous = state;
	}

	/**
	 * The upstream answered the change with this {@code req_id} (success or failure); a
	 * later read (reconciling an unknown outcome) does not replace it.
	 */
	void upstreamAnswered(@Nullable String requestId) {
		if (requestId != null) {
			this.upstreamRequestId = requestId;
		}
	}

	/** Writes the attempt before the upstream is asked to change the run. */
	Mono<Void> beforeActing() {
		return Blocking.call(() -> this.journal.write(record(null, ControlRecord.ATTEMPTED, null, null, null)))
			.doOnNext((id) -> this.attempt = id)
			.onErrorMap((failure) -> unavailable(failure))
			.then();
	}

	Mono<Void> succeeded(ControlResult result) {
		String outcome = result.dryRun() ? "dry_run" : (result.changed() ? "changed" : "unchanged");
		return settle(record(result.run().state(), outcome, 200, null, this.upstreamRequestId));
	}

	Mono<Void> failed(Throwable failure) {
		if (failure instanceof JournalUnavailableException) {
			return Mono.empty();
		}
		ErrorResponse problem = Problems.toErrorResponse(failure);
		RunState resulting = (failure instanceof InvalidTransitionException refused) ? refused.currentState()
				: ((failure instanceof PreconditionFailedException) ? this.previous : null);
		String upstreamRequestId = (failure instanceof PlatformException platform
				&& platform.upstreamRequestId() != null) ? platform.upstreamRequestId() : this.upstreamRequestId;
		return settle(record(resulting, outcomeOf(failure), problem.getStatusCode().value(),
				problem.getBody().getDetail(), upstreamRequestId));
	}

	private Mono<Void> settle(ControlRecord record) {
		Long id = this.attempt;
		if (id == null) {
			return Blocking.call(() -> this.journal.write(record)).onErrorMap((failure) -> unavailable(failure)).then();
		}
		return Blocking.call(() -> {
			this.journal.complete(id, record);
			return id;
		}).onErrorResume((failure) -> {
			log.error("Audit record {} stays 'attempted': its outcome {} could not be written", id, record.outcome(),
					failure);
			return Mono.empty();
		}).then();
	}

	private ControlRecord record(@Nullable RunState resulting, String outcome, @Nullable Integer status,
			@Nullable String detail, @Nullable String upstreamRequestId) {
		return new ControlRecord(this.options.actor(), this.action.label(), this.run.runId(), this.run.pipeline(),
				this.options.dryRun(), this.previous, resulting, outcome, status, this.options.reason(), detail,
				this.options.requestId(), upstreamRequestId);
	}

	static String outcomeOf(Throwable failure) {
		if (failure instanceof InvalidTransitionException) {
			return "invalid_transition";
		}
		if (failure instanceof PreconditionFailedException) {
			return "precondition_failed";
		}
		if (failure instanceof JournalUnavailableException) {
			return "audit_unavailable";
		}
		if (failure instanceof PlatformException platform) {
			return "upstream_" + platform.failure().name().toLowerCase();
		}
		return "error";
	}

	private static JournalUnavailableException unavailable(Throwable failure) {
		log.error("The audit trail cannot be written; the control request is refused", failure);
		return new JournalUnavailableException(failure);
	}

}
