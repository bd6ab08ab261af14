package io.runctl.platform;

import java.util.Map;

/**
 * The upstream's status codes this service knows by name ({@code status_code.proto}), so
 * that a {@code code} written as an enum name reads the same as its number.
 */
public final class StatusCodes {

	public static final int SUCCESS = 10000;

	public static final int MIXED_STATUS = 10010;

	public static final int FAILURE = 10020;

	public static final int TRY_AGAIN = 10030;

	public static final int CONN_THROTTLED = 11005;

	public static final int CONN_INSUFFICIENT_SCOPES = 11007;

	public static final int CONN_KEY_INVALID = 11008;

	public static final int CONN_KEY_NOT_FOUND = 11009;

	public static final int CONN_DOES_NOT_EXIST = 11101;

	public static final int CONN_INVALID_REQUEST = 11102;

	public static final int PIPELINE_DOES_NOT_EXIST = 26300;

	public static final int JOB_QUEUED = 64000;

	public static final int JOB_RUNNING = 64001;

	public static final int JOB_COMPLETED = 64002;

	public static final int JOB_FAILED = 64003;

	public static final int JOB_CANCELLED = 64004;

	public static final int JOB_UNEXPECTED_ERROR = 64006;

	public static final int JOB_CONFLICT = 64007;

	public static final int JOB_PAUSED = 64008;

	private static final Map<String, Integer> BY_NAME = Map.ofEntries(Map.entry("ZERO", 0),
			Map.entry("SUCCESS", SUCCESS), Map.entry("MIXED_STATUS", MIXED_STATUS), Map.entry("FAILURE", FAILURE),
			Map.entry("TRY_AGAIN", TRY_AGAIN), Map.entry("CONN_ACCOUNT_ISSUES", 11000),
			Map.entry("CONN_CREDENTIALS_INVALID", 11002), Map.entry("CONN_EXCEED_HOURLY_LIMIT", 11003),
			Map.entry("CONN_EXCEED_MONTHLY_LIMIT", 11004), Map.entry("CONN_THROTTLED", CONN_THROTTLED),
			Map.entry("CONN_EXCEEDS_LIMITS", 11006), Map.entry("CONN_INSUFFICIENT_SCOPES", CONN_INSUFFICIENT_SCOPES),
			Map.entry("CONN_KEY_INVALID", CONN_KEY_INVALID), Map.entry("CONN_KEY_NOT_FOUND", CONN_KEY_NOT_FOUND),
			Map.entry("CONN_BAD_REQUEST_FORMAT", 11100), Map.entry("CONN_DOES_NOT_EXIST", CONN_DOES_NOT_EXIST),
			Map.entry("CONN_INVALID_REQUEST", CONN_INVALID_REQUEST), Map.entry("CONN_METHOD_NOT_ALLOWED", 11103),
			Map.entry("PIPELINE_DOES_NOT_EXIST", PIPELINE_DOES_NOT_EXIST),
			Map.entry("PIPELINE_INVALID_ARGUMENT", 26301), Map.entry("PIPELINE_INVALID_REQUEST", 26302),
			Map.entry("JOB_QUEUED", JOB_QUEUED), Map.entry("JOB_RUNNING", JOB_RUNNING),
			Map.entry("JOB_COMPLETED", JOB_COMPLETED), Map.entry("JOB_FAILED", JOB_FAILED),
			Map.entry("JOB_CANCELLED", JOB_CANCELLED), Map.entry("JOB_UNEXPECTED_ERROR", JOB_UNEXPECTED_ERROR),
			Map.entry("JOB_CONFLICT", JOB_CONFLICT), Map.entry("JOB_PAUSED", JOB_PAUSED),
			Map.entry("LOG_ENTRIES_INVALID_REQUEST", 70000), Map.entry("RPC_REQUEST_QUEUE_FULL", 40030),
			Map.entry("RPC_SERVER_UNAVAILABLE", 40031), Map.entry("RPC_REQUEST_TIMEOUT", 40032),
			Map.entry("BAD_REQUEST", 90400), Map.entry("SERVER_ERROR", 90500));

	private StatusCodes() {
	}

	/** The code for an enum name, or {@code -1} for a name this service does not know. */
	public static int byName(String name) {
		return BY_NAME.getOrDefault(name, -1);
	}

	/** Whether a failed read answered with this code may succeed when repeated. */
	public static boolean isRetryable(int code) {
		return code == CONN_THROTTLED || code == TRY_AGAIN || (code >= 40030 && code <= 40032)
				|| (code >= 98000 && code < 99000);
	}

}
