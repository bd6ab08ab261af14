package io.runctl.platform;

/**
 * How urgent an upstream call is when the rate budget is short: control calls (and any
 * call a person is waiting for) go before background polls.
 */
public enum CallPriority {

	/** A call someone waits for: a control action, a read, a stream's first look. */
	CONTROL,
	/** A background poll of a watched run; waits when the budget is short. */
	POLL

}
