package io.runctl.run;

import java.util.Arrays;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformClient;
import io.runctl.platform.PlatformException;
import io.runctl.platform.PlatformRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Pause, resume and cancel: read the run fresh, check the transition against
 * {@link RunState}, then ask the upstream to change it. Two calls on one run never
 * interleave their check-and-act.
 */
@Service
public class RunControl {

	private static final Logger log = LoggerFactory.getLogger(RunControl.class);

	private final PlatformClient platform;

	private final RunLocks locks;

	private final MeterRegistry meters;

	private final ControlJournal journal;

	RunControl(PlatformClient platform, RunLocks locks, MeterRegistry meters, ControlJournal journal) {
		this.platform = platform;
		this.locks = locks;
		this.meters = meters;
		this.journal = journal;
	}

	/**
	 * Checks and acts, with every outcome recorded in the {@link ControlJournal} before
	 * it is answered.
	 */
	public Mono<ControlResult> control(RunAction action, RunCoordinates run, ControlOptions options) {
		// By the run id alone: the same run may be addressed as user "me" or by its
		// user's
		// name, and run ids are unique on the platform.
		return this.locks.serialized(run.runId(), () -> {
			ControlEntry entry = new ControlEntry(this.journal, action, run, options);
			return checkAndAct(action, run, options, entry)
				.onErrorResume((failure) -> entry.failed(failure).then(Mono.error(failure)))
				.flatMap((result) -> entry.succeeded(result).thenReturn(result));
		})
			.doOnSuccess((result) -> record(action, run, options, result.previousState(), result.run().state(),
					outcomeOf(result)))
			.doOnError((failure) -> record(action, run, options, stateOf(failure), null, outcomeOf(failure)));
	}

	private Mono<ControlResult> checkAndAct(RunAction action, RunCoordinates run, ControlOptions options,
			ControlEntry entry) {
		return this.platform.getRun(run).flatMap((found) -> {
			Run before = Run.of(run, found);
			entry.checked(before.state());
			if (options.ifMatch() != null && !ETags.matches(options.ifMatch(), before.etag())) {
				return Mono.error(new PreconditionFailedException(before, options.ifMatch()));
			}
			if (before.state() == action.target()) {
				return Mono.just(new ControlResult(action.label(), false, before.state(), options.dryRun(), before));
			}
			if (!before.state().allows(action)) {
				return Mono.error(new InvalidTransitionException(action, before));
			}
			if (options.dryRun()) {
				Run projected = Run.of(run, found.withStatus(action.upstreamCode(), null, null));
				return Mono.just(new ControlResult(action.label(), true, before.state(), true, projected));
			}
			return entry.beforeActing().then(Mono.defer(() -> act(action, run, found, before, entry)));
		});
	}

	private Mono<ControlResult> act(RunAction action, RunCoordinates run, PlatformRun found, Run before,
			ControlEntry entry) {
		return this.platform.patchRunStatus(run, action.upstreamCode())
			.doOnNext((patched) -> entry.upstreamAnswered(patched.upstreamRequestId()))
			.map((patched) -> after(run, found, action, patched.run()))
			.map((after) -> new ControlResult(action.label(), true, before.state(), false, after))
			.onErrorResume(PlatformException.class, (failed) -> {
				entry.upstreamAnswered(failed.upstreamRequestId());
				if (failed.isOutage()) {
					return reconcile(action, run, before, failed);
				}
				return (failed.failure() == PlatformException.Failure.REJECTED) ? explainRefusal(action, run, failed)
						: Mono.error(failed);
			});
	}

	/**
	 * The change was sent but its outcome is unknown (timeout, reset, 5xx): it is never
	 * sent again blindly. Read the run again; if it is now in the target state the change
	 * happened, otherwise the original failure is the answer.
	 */
	private Mono<ControlResult> reconcile(RunAction action, RunCoordinates run, Run before, PlatformException unknown) {
		return this.platform.getRun(run).onErrorMap((ignored) -> unknown).flatMap((found) -> {
			Run now = Run.of(run, found);
			if (now.state() == action.target()) {
				return Mono.just(new ControlResult(action.label(), true, before.state(), false, now));
			}
			return Mono.error(unknown);
		});
	}

	private static Run after(RunCoordinates run, PlatformRun found, RunAction action, Optional<PlatformRun> patched) {
		PlatformRun answered = patched.filter((p) -> p.statusCode() != 0).orElse(null);
		if (answered != null) {
			return Run.of(run, found.changedBy(answered));
		}
		return Run.of(run, found.withStatus(action.upstreamCode(), null, null));
	}

	/**
	 * The upstream refused although the check passed: the run probably moved in between.
	 * Read it again; if the action is no longer allowed that is the answer, otherwise the
	 * refusal is the upstream's own.
	 */
	private Mono<ControlResult> explainRefusal(RunAction action, RunCoordinates run, PlatformException refused) {
		return this.platform.getRun(run).onErrorMap((ignored) -> refused).flatMap((found) -> {
			Run now = Run.of(run, found);
			if (!now.state().allows(action)) {
				return Mono.error(new InvalidTransitionException(action, now));
			}
			return Mono.error(refused);
		});
	}

	private void record(RunAction action, RunCoordinates run, ControlOptions options, @Nullable RunState previous,
			@Nullable RunState next, String outcome) {
		this.meters.counter("runctl.actions", "action", action.label(), "outcome", outcome).increment();
		log.info(
				"control action={} run={} previous_state={} new_state={} outcome={} dry_run={} actor={} request_id={} reason={}",
				action.label(), run, previous, next, outcome, options.dryRun(), options.actor(), options.requestId(),
				quoted(options.reason()));
	}

	/** The reason as one quoted log token: a caller's newlines cannot forge log lines. */
	private static @Nullable String quoted(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		return "\"" + reason.replaceAll("[\\p{Cntrl}]", " ").replace("\"", "'") + "\"";
	}

	private static @Nullable RunState stateOf(Throwable failure) {
		return (failure instanceof InvalidTransitionException invalid) ? invalid.currentState() : null;
	}

	private static String outcomeOf(ControlResult result) {
		if (result.dryRun()) {
			return "dry_run";
		}
		return result.changed() ? "changed" : "unchanged";
	}

	private static String outcomeOf(Throwable failure) {
		return ControlEntry.outcomeOf(failure);
	}

	/**
	 * Entity-tag comparison for If-Match (RFC 9110 section 13.1.1), strong comparison.
	 */
	static final class ETags {

		private ETags() {
		}

		static boolean matches(String ifMatch, String current) {
			if (ifMatch.strip().equals("*")) {
				return true;
			}
			return Arrays.stream(ifMatch.split(","))
				.map(String::strip)
				.filter((tag) -> !tag.startsWith("W/"))
				.anyMatch(current::equals);
		}

	}

}
