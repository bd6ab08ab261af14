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

	static final String DRY_RUN = "Validate and answer as the real call would (the run as it would be after: the target "
			+ "state, upstream_status.description null, the times unchanged), without changing anything";

	static final String IF_MATCH = "Act only if the run still has this ETag (from GET /runs/{run_id}); "
			+ "else 412 precondition-failed";

	static final String IDEMPOTENCY_KEY = "At most 128 visible ASCII characters. A retry with the same key, action and run "
			+ "within 24 h answers the first answer again (header Idempotent-Replayed: true) without acting twice; "
			+ "the same key for another action or run answers 422; while the first is in flight, 409. "
			+ "Answers 429 and 5xx are not kept, so a retry acts anew. Keys are kept per API key in the service's "
			+ "database: a retry is answered after a restart too, and by any instance that shares the database.";

	static final String RUN_EXAMPLE = """
			{"id": "e8c41c0b6d334daba757a73e99ef0e2d", "user_id": "acme-user", "app_id": "pipelines-app",
			 "pipeline_id": "hello-world-pipeline", "pipeline_version_id": "48862434906f482e94a2ec638a4233a1",
			 "state": "RUNNING", "terminal": false, "allowed_actions": ["pause", "cancel"],
			 "upstream_status": {"code": 64001, "description": "Running"},
			 "created_at": "2026-04-23T13:40:02.512330Z", "modified_at": "2026-04-23T13:41:25.100200Z",
			 "started_at": "2026-04-23T13:40:20Z", "ended_at": null, "total_run_duration_seconds": 65.1}""";

	static final String PAUSED_RUN_EXAMPLE = """
			{"id": "e8c41c0b6d334daba757a73e99ef0e2d", "user_id": "acme-user", "app_id": "pipelines-app",
			 "pipeline_id": "hello-world-pipeline", "pipeline_version_id": "48862434906f482e94a2ec638a4233a1",
			 "state": "PAUSED", "terminal": false, "allowed_actions": ["resume", "cancel"],
			 "upstream_status": {"code": 64008, "description": "Paused"},
			 "created_at": "2026-04-23T13:40:02.512330Z", "modified_at": "2026-04-23T13:41:40Z",
			 "started_at": "2026-04-23T13:40:20Z", "ended_at": null, "total_run_duration_seconds": 80.0}""";

	static final String PAGE_EXAMPLE = "{\"runs\": [" + RUN_EXAMPLE + "], \"page\": 1, \"per_page\": 50}";

	static final String HISTORY_EXAMPLE = """
			[{"state": "QUEUED", "message": null, "triggered_by": null, "at": "2026-04-23T13:40:02Z"},
			 {"state": "RUNNING", "message": null, "triggered_by": null, "at": "2026-04-23T13:40:20Z"},
			 {"state": "PAUSED", "message": "Paused by user", "triggered_by": "acme-user", "at": "2026-04-23T13:41:40Z"}]""";

	static final String CHANGED_EXAMPLE = "{\"action\": \"pause\", \"changed\": true, \"previous_state\": \"RUNNING\", "
			+ "\"dry_run\": false, \"run\": " + PAUSED_RUN_EXAMPLE + "}";

	static final String UNCHANGED_EXAMPLE = "{\"action\": \"pause\", \"changed\": false, \"previous_state\": \"PAUSED\", "
			+ "\"dry_run\": false, \"run\": " + PAUSED_RUN_EXAMPLE + "}";

	static final String DRY_RUN_EXAMPLE = "{\"action\": \"pause\", \"changed\": true, \"previous_state\": \"RUNNING\", "
			+ "\"dry_run\": true, \"run\": " + PAUSED_RUN_EXAMPLE + "}";

	private ControlDocs() {
	}

}
