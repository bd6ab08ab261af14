package io.runctl.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import io.runctl.pipeline.Ids;
import io.runctl.web.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /audit}: the audit trail of control requests, for admins.
 */
@RestController
@Tag(name = "audit", description = "The audit trail of every control request")
class AuditController {

	static final int MAX_LIMIT = 200;

	private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private final AuditTrail trail;

	AuditController(AuditTrail trail) {
		this.trail = trail;
	}

	@GetMapping(path = "/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listAudit", summary = "Control requests, newest first",
			description = "Every pause, resume and cancel request — allowed, refused (403, 409, 412), dry runs and "
					+ "failed upstream calls — with the key that sent it, the run, the states before and after, the "
					+ "outcome and the request ids. Paging: the answer holds at most 'limit' records and, when older "
					+ "ones exist, 'next_before'; pass it as 'before' to read the next page. New records never shift "
					+ "a page.")
	AuditTrail.Page list(
			@Parameter(description = "Only this run") @RequestParam(name = "run_id",
					required = false) @Nullable String runId,
			@Parameter(description = "Only this API key name") @RequestParam(name = "actor",
					required = false) @Nullable String actor,
			@Parameter(description = "Only records at or after this instant (ISO-8601, e.g. 2026-04-23T13:40:00Z)",
					example = "2026-04-23T13:40:00Z") @RequestParam(name = "since",
							required = false) @Nullable String since,
			@Parameter(description = "Only records older than this id (the previous page's next_before)") @RequestParam(
					name = "before", required = false) @Nullable Long before,
			@Parameter(description = "Records per page, 1 to 200") @RequestParam(name = "limit",
					defaultValue = "50") int limit) {
		if (runId != null) {
			Ids.require("run_id", runId);
		}
		if (actor != null && !ACTOR.matcher(actor).matches()) {
			throw new InvalidParameterException("actor", "'actor' must be an API key name.");
		}
		if (before != null && before < 1) {
			throw new InvalidParameterException("before", "'before' must be a record id (1 or more).");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidParameterException("limit", "'limit' must be between 1 and " + MAX_LIMIT + ".");
		}
		return this.trail.find(new AuditTrail.Query(runId, actor, instant(since), before, limit));
	}

	private static @Nullable Instant instant(@Nullable String since) {
		if (since == null) {
			return null;
		}
		try {
			return Instant.parse(since);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException("since",
					"'since' must be an ISO-8601 instant such as 2026-04-23T13:40:00Z.");
		}
	}

}
