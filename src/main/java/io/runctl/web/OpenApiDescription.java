package io.runctl.web;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The prose at the top of the OpenAPI description: the contract's conventions, and the
 * choices made where it is silent.
 */
final class OpenApiDescription {

	private OpenApiDescription() {
	}

	static String text() {
		return """
				Control ML pipeline runs on the Clarifai platform in real time: read their state, pause, resume \
				and cancel them.

				## Conventions

				* JSON everywhere, snake_case field names. Absent optional values are `null`, never `""`.
				* Every answer carries `X-Request-Id`: the caller's own when it is 1 to 128 characters of \
				`A-Z a-z 0-9 . _ : -`, else a generated one. The same id is in the logs and in every problem body \
				as `request_id`.
				* Errors are RFC 9457 `application/problem+json` bodies, on every path (unknown paths and methods \
				included), never HTML and never a stack trace.

				## Which pipeline a run belongs to

				The upstream addresses a run by `user_id`, `app_id`, `pipeline_id` and `pipeline_version_id` \
				besides its id. Every `/runs` operation takes each of them from its query parameter, else from \
				`config-lock.yaml` (`pipeline.user_id`, `pipeline.app_id`, `pipeline.id`, `pipeline.version_id`; \
				path set by `runctl.lock-file`, re-read when it changes; a malformed file is logged, shown in \
				`/actuator/health` and treated as absent). Still missing: `400 missing-parameters`, whose `missing` \
				lists them. Every id must match `^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$` (`user_id` may be `me`), else \
				`400 invalid-parameter` naming it, and no upstream call is made. A query parameter given twice \
				(but `state`) or without a value (`?dry_run=`) is invalid too: it is never read as its default; so is \
				a query parameter the endpoint does not take (`?dryRun=true`) or a body field it does not take. \
				Answers are JSON only: an `Accept` that rules out `application/json` gets `406 not-acceptable`. \
				A method an endpoint does not take (`PUT`, `TRACE`, a made-up one) gets `405 method-not-allowed` \
				with `Allow`. A `reason` is a JSON string of at most 500 characters (code points).

				## Control actions

				* The run is read fresh from the upstream, the transition is checked against the state table \
				(`allowed_actions` of the run), then the upstream is asked to change it. Two control calls on one \
				run through one instance never interleave.
				* Already in the requested state: `200` with `changed: false`, and nothing is sent upstream.
				* `?dry_run=true` validates and answers as the real call would (the run as it would be after), \
				without changing anything.
				* ETags: `GET /runs/{run_id}` answers a strong `ETag` derived from the state and `modified_at`. \
				`If-Match` on a control call (a list of tags or `*`) compares strongly with the run as read fresh; \
				no match: `412 precondition-failed` with `current_etag`. Weak tags never match.
				* `Idempotency-Key` (1 to 128 visible ASCII characters): a retry with the same key, action, run and \
				dry_run within 24 h answers the first answer again (same status and body, header \
				`Idempotent-Replayed: true`) without acting twice; the same key for another request: \
				`422 idempotency-key-reused`; while the first is in flight: `409 request-in-progress`. Answers that \
				a retry could change (429 and 5xx) are not kept, so a retry acts anew. Keys are kept per API key \
				in the service's database, so a retry is answered after a restart too, and by every instance \
				that shares the database. A key whose first request never answered (its instance stopped \
				mid-call) answers 409 until `runctl.idempotency.in-flight-timeout` (2 min), then acts anew; \
				should the first request still answer after that, its answer is not kept over the retry's. \
				If the keys cannot be read: `503 service-unavailable`, nothing done.
				* The upstream refuses although the check passed: the run is read again; if the action is no \
				longer allowed, `409 invalid-transition` with the new state, otherwise `502 upstream-rejected`.
				* `reason` (optional JSON body, at most 500 characters) is kept in the action's log line.

				## Choices where the contract is silent

				* `GET /runs`: `page` from 1 (default 1), `per_page` 1 to 128 (default 50); `state` may be repeated \
				or comma-separated, case-insensitive. Filtering by `UNKNOWN` filters the upstream page here, so such \
				a page may hold fewer than `per_page` runs.
				* `GET /runs/{run_id}/history` answers at most 1000 entries (10 upstream pages of 100), oldest first.
				* The upstream's legacy code 10000 on a run reads as COMPLETED; an absent, zero or unknown code \
				as UNKNOWN.
				* An upstream 429 without `Retry-After` answers `Retry-After: 1`; an unreachable upstream answers \
				`Retry-After: 5`.

				## Problem types

				| slug | status | meaning |
				|---|---|---|
				""" + Arrays.stream(ProblemType.values())
			.map((type) -> "| [`" + type.slug() + "`](" + type.uri() + ") | " + type.status().value() + " | "
					+ type.description() + " |")
			.collect(Collectors.joining("\n"));
	}

}
