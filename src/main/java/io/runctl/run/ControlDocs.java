package io.runctl.run;

/**
 * The OpenAPI texts shared by the three control operations.
 */
final class ControlDocs {

	static final String DESCRIPTION = "Reads the run fresh from the upstream, checks the transition against the state table, "
			+ "then asks the upstream to change it. Two control calls on one run through one instance never interleave. "
			+ "Already in the requested state: 200 with changed=false and no upstream change. "
			+ "Not allowed from the current state: 409 invalid-transition with current_state and allowed_actions. "
			+ "If the upstream refuses although the check passed, the run is read again: 409 if the action is no longer "
			+ "allowed, else 502 upstream-rejected. The change is never sent twice: if its outcome is unknown (timeout, "
			+ "reset, 5xx), the run is read again and the answer is what happened (200 changed=true if the run is now "
			+ "in the target state, else the original 503 or 504). Bodies over 16 KB: 413 payload-too-large.";

	static final String DRY_RUN = "Validate and answer as the real call would (the run as it would be after), without "
			+ "changing anything";

	static final String IF_MATCH = "Act only if the run still has this ETag (from GET /runs/{run_id}); "
			+ "else 412 precondition-failed";

	static final String IDEMPOTENCY_KEY = "At most 128 visible ASCII characters. A retry with the same key, action and run "
			+ "within 24 h answers the first answer again (header Idempotent-Replayed: true) without acting twice; "
			+ "the same key for another action or run answers 422; while the first is in flight, 409. "
			+ "Answers 429 and 5xx are not kept, so a retry acts anew.";

	private ControlDocs() {
	}

}
