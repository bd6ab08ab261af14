package io.runctl.monitor;

import java.time.Duration;

import io.runctl.web.InvalidParameterException;

/**
 * A stream's query parameters (API.md section 5), checked before the stream starts.
 */
record MonitorOptions(Duration timeout, Duration interval, boolean logs) {

	static final int MAX_TIMEOUT = 86_400;

	static final int MAX_INTERVAL = 3_600;

	static MonitorOptions of(int timeout, int monitorInterval, boolean logs) {
		if (timeout < 1 || timeout > MAX_TIMEOUT) {
			throw new InvalidParameterException("timeout",
					"'timeout' must be between 1 and " + MAX_TIMEOUT + " seconds.");
		}
		if (monitorInterval < 1 || monitorInterval > MAX_INTERVAL) {
			throw new InvalidParameterException("monitor_interval",
					"'monitor_interval' must be between 1 and " + MAX_INTERVAL + " seconds.");
		}
		return new MonitorOptions(Duration.ofSeconds(timeout), Duration.ofSeconds(monitorInterval), logs);
	}

}
