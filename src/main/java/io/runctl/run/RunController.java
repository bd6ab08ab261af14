package io.runctl.run;

import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.web.InvalidParameterException;
import io.runctl.web.RequestIds;
import io.runctl.web.ProblemResponses;
import io.runctl.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /runs}: read runs and control them. Thin: read the request, call one service
 * method, answer.
 */
@RestController
@RequestMapping(path = "/runs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "runs", description = "Read pipeline runs and pause, resume or cancel them")
class RunController {

	static final int MAX_PER_PAGE = 128;

	private final RunService runs;

	private final RunControl control;

	private final IdempotentControl idempotency;

	RunController(RunService runs, RunControl control, IdempotentControl idempotency) {
		this.runs = runs;
		this.control = control;
		this.idempotency = idempotency;
	}

	@GetMapping("/{run_id}")
	@Operation(operationId = "getRun", summary = "Current state of one run",
			description = "Reads the run fresh from the upstream. The ETag changes whenever the state or modified_at does; "
					+ "send it back in If-Match on a control call to act only on the version you saw.")
	@ApiResponse(responseCode = "200", description = "The run as the upstream reports it now",
			headers = @Header(name = HttpHeaders.ETAG, description = "Strong tag of the run's state and modified_at",
					schema = @Schema(type = "string", example = "\"0f3e5a9c1b7d2e4f6a80\"")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Run.class),
					examples = @ExampleObject(name = "running", value = ControlDocs.RUN_EXAMPLE)))
	@ProblemResponses(
			value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER, ProblemType.RUN_NOT_FOUND },
			upstream = true)
	Mono<ResponseEntity<Run>> get(@Parameter(hidden = true) RunCoordinates run) {
		return this.runs.get(run).map((found) -> ResponseEntity.ok().eTag(found.etag()).body(found));
	}

	@GetMapping
	@Operation(operationId = "listRuns", summary = "Runs of the pipeline version, newest first",
			description = "Filter with one or more state parameters (e.g. state=RUNNING&state=PAUSED). "
					+ "page starts at 1; per_page is 1 to 128 (default 50).")
	@ApiResponse(responseCode = "200", description = "A page of runs, newest first",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = RunService.RunPage.class),
					examples = @ExampleObject(name = "page", value = ControlDocs.PAGE_EXAMPLE)))
	@ProblemResponses(
			value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER, ProblemType.RUN_NOT_FOUND },
			upstream = true)
	Mono<RunService.RunPage> list(@Parameter(hidden = true) PipelineCoordinates pipeline,
			@Parameter(description = "Only runs in these states (repeat it or separate with commas; any case)",
					array = @ArraySchema(schema = @Schema(implementation = RunState.class)),
					example = "RUNNING") @RequestParam(name = "state", required = false) @Nullable List<String> state,
			@Parameter(description = "Page number, from 1", example = "1",
					schema = @Schema(type = "integer", format = "int32", minimum = "1",
							defaultValue = "1")) @RequestParam(name = "page", defaultValue = "1") int page,
			@Parameter(description = "Runs per page, 1 to 128", example = "50",
					schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "128",
							defaultValue = "50")) @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
		if (page < 1) {
			throw new InvalidParameterException("page", "'page' must be 1 or more.");
		}
		if (perPage < 1 || perPage > MAX_PER_PAGE) {
			throw new InvalidParameterException("per_page", "'per_page' must be between 1 and " + MAX_PER_PAGE + ".");
		}
		return this.runs.list(pipeline, states(state), page, perPage);
	}

	@GetMapping("/{run_id}/history")
	@Operation(operationId = "getRunHistory", summary = "The upstream's status history of the run",
			description = "Every state change the upstream recorded, oldest first, with who triggered it "
					+ "(at most 1000 entries).")
	@ApiResponse(responseCode = "200", description = "The run's state changes",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = RunService.HistoryEntry.class)),
					examples = @ExampleObject(name = "history", value = ControlDocs.HISTORY_EXAMPLE)))
	@ProblemResponses(
			value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER, ProblemType.RUN_NOT_FOUND },
			upstream = true)
	Mono<List<RunService.HistoryEntry>> history(@Parameter(hidden = true) RunCoordinates run) {
		return this.runs.history(run);
	}

	@PostMapping("/{run_id}/pause")
	@Operation(operationId = "pauseRun", summary = "Pause a run (allowed from QUEUED and RUNNING)",
			description = ControlDocs.DESCRIPTION)
	@ApiResponse(responseCode = "200",
			description = "The action was done (changed: true), is already in effect (changed: false), or would be "
					+ "done (dry_run: true)",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ControlResult.class),
					examples = { @ExampleObject(name = "changed", value = ControlDocs.CHANGED_EXAMPLE),
							@ExampleObject(name = "unchanged", value = ControlDocs.UNCHANGED_EXAMPLE),
							@ExampleObject(name = "dry_run", value = ControlDocs.DRY_RUN_EXAMPLE) }))
	@ProblemResponses(value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER,
			ProblemType.RUN_NOT_FOUND, ProblemType.INVALID_TRANSITION, ProblemType.REQUEST_IN_PROGRESS,
			ProblemType.PRECONDITION_FAILED, ProblemType.IDEMPOTENCY_KEY_REUSED, ProblemType.SERVICE_UNAVAILABLE },
			upstream = true)
	Mono<ResponseEntity<?>> pause(@Parameter(hidden = true) RunCoordinates run,
			@RequestBody(required = false) @Nullable ControlRequest body,
			@Parameter(description = ControlDocs.DRY_RUN, example = "false") @RequestParam(name = "dry_run",
					defaultValue = "false") boolean dryRun,
			@Parameter(description = ControlDocs.IF_MATCH, example = "\"0f3e5a9c1b7d2e4f6a80\"") @RequestHeader(
					name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = ControlDocs.IDEMPOTENCY_KEY, example = "3c5e1f0a-pause-1") @RequestHeader(
					name = IdempotentControl.HEADER, required = false) @Nullable String idempotencyKey,
			HttpServletRequest request) {
		return control(RunAction.PAUSE, run, new ControlInput(body, dryRun, ifMatch, idempotencyKey), request);
	}

	@PostMapping("/{run_id}/resume")
	@Operation(operationId = "resumeRun", summary = "Resume a paused run (allowed from PAUSED)",
			description = ControlDocs.DESCRIPTION)
	@ApiResponse(responseCode = "200",
			description = "The action was done (changed: true), is already in effect (changed: false), or would be "
					+ "done (dry_run: true)",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ControlResult.class),
					examples = { @ExampleObject(name = "changed", value = ControlDocs.CHANGED_EXAMPLE),
							@ExampleObject(name = "unchanged", value = ControlDocs.UNCHANGED_EXAMPLE),
							@ExampleObject(name = "dry_run", value = ControlDocs.DRY_RUN_EXAMPLE) }))
	@ProblemResponses(value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER,
			ProblemType.RUN_NOT_FOUND, ProblemType.INVALID_TRANSITION, ProblemType.REQUEST_IN_PROGRESS,
			ProblemType.PRECONDITION_FAILED, ProblemType.IDEMPOTENCY_KEY_REUSED, ProblemType.SERVICE_UNAVAILABLE },
			upstream = true)
	Mono<ResponseEntity<?>> resume(@Parameter(hidden = true) RunCoordinates run,
			@RequestBody(required = false) @Nullable ControlRequest body,
			@Parameter(description = ControlDocs.DRY_RUN, example = "false") @RequestParam(name = "dry_run",
					defaultValue = "false") boolean dryRun,
			@Parameter(description = ControlDocs.IF_MATCH, example = "\"0f3e5a9c1b7d2e4f6a80\"") @RequestHeader(
					name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = ControlDocs.IDEMPOTENCY_KEY, example = "3c5e1f0a-pause-1") @RequestHeader(
					name = IdempotentControl.HEADER, required = false) @Nullable String idempotencyKey,
			HttpServletRequest request) {
		return control(RunAction.RESUME, run, new ControlInput(body, dryRun, ifMatch, idempotencyKey), request);
	}

	@PostMapping("/{run_id}/cancel")
	@Operation(operationId = "cancelRun", summary = "Cancel a run (allowed from any non-terminal state)",
			description = ControlDocs.DESCRIPTION + " A cancelled run cannot be resumed.")
	@ApiResponse(responseCode = "200",
			description = "The action was done (changed: true), is already in effect (changed: false), or would be "
					+ "done (dry_run: true)",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ControlResult.class),
					examples = { @ExampleObject(name = "changed", value = ControlDocs.CHANGED_EXAMPLE),
							@ExampleObject(name = "unchanged", value = ControlDocs.UNCHANGED_EXAMPLE),
							@ExampleObject(name = "dry_run", value = ControlDocs.DRY_RUN_EXAMPLE) }))
	@ProblemResponses(value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER,
			ProblemType.RUN_NOT_FOUND, ProblemType.INVALID_TRANSITION, ProblemType.REQUEST_IN_PROGRESS,
			ProblemType.PRECONDITION_FAILED, ProblemType.IDEMPOTENCY_KEY_REUSED, ProblemType.SERVICE_UNAVAILABLE },
			upstream = true)
	Mono<ResponseEntity<?>> cancel(@Parameter(hidden = true) RunCoordinates run,
			@RequestBody(required = false) @Nullable ControlRequest body,
			@Parameter(description = ControlDocs.DRY_RUN, example = "false") @RequestParam(name = "dry_run",
					defaultValue = "false") boolean dryRun,
			@Parameter(description = ControlDocs.IF_MATCH, example = "\"0f3e5a9c1b7d2e4f6a80\"") @RequestHeader(
					name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@Parameter(description = ControlDocs.IDEMPOTENCY_KEY, example = "3c5e1f0a-pause-1") @RequestHeader(
					name = IdempotentControl.HEADER, required = false) @Nullable String idempotencyKey,
			HttpServletRequest request) {
		return control(RunAction.CANCEL, run, new ControlInput(body, dryRun, ifMatch, idempotencyKey), request);
	}

	private Mono<ResponseEntity<?>> control(RunAction action, RunCoordinates run, ControlInput input,
			HttpServletRequest request) {
		IdempotentControl.validate(input.idempotencyKey(), request);
		Principal caller = request.getUserPrincipal();
		String actor = (caller != null) ? caller.getName() : ControlOptions.ANONYMOUS;
		ControlOptions options = input.options(RequestIds.of(request), actor);
		String fingerprint = action.label() + " " + run + " dry_run=" + options.dryRun();
		// Scoped per API key: two keys sending the same Idempotency-Key never see each
		// other's answers.
		String scopedKey = (input.idempotencyKey() != null) ? actor + " " + input.idempotencyKey() : null;
		return this.idempotency.execute(scopedKey, fingerprint, request,
				() -> this.control.control(action, run, options).map(ResponseEntity::ok));
	}

	/** A control call's optional parts, checked before anything else happens. */
	private record ControlInput(@Nullable ControlRequest body, boolean dryRun, @Nullable String ifMatch,
			@Nullable String idempotencyKey) {

		ControlOptions options(String requestId, String actor) {
			String reason = (this.body != null) ? this.body.checkedReason() : null;
			if (this.ifMatch != null && this.ifMatch.isBlank()) {
				throw new InvalidParameterException(HttpHeaders.IF_MATCH, "If-Match must be an ETag or '*'.");
			}
			return new ControlOptions(reason, this.dryRun, this.ifMatch, requestId, actor);
		}

	}

	private static Set<RunState> states(@Nullable List<String> names) {
		Set<RunState> states = EnumSet.noneOf(RunState.class);
		if (names != null) {
			for (String name : names) {
				for (String part : name.split(",")) {
					states.add(RunState.ofName(part.strip())
						.orElseThrow(() -> new InvalidParameterException("state",
								"'state' must be one of " + List.of(RunState.values()) + ".")));
				}
			}
		}
		return states;
	}

}
