package io.runctl.monitor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The monitor's limits ({@code runctl.monitor.*}).
 *
 * @param bufferLines events (mostly log lines) a watcher keeps in memory for late and
 * reconnecting subscribers; older lines are read again from the upstream when asked for
 * @param keepAlive the longest silence on a stream before a {@code : keep-alive} comment
 * @param subscriberQueue events a subscriber may fall behind the live feed before it is
 * closed as too slow (it reconnects with its cursor)
 * @param retryMin the first backoff after an upstream fault during a stream
 * @param retryMax the longest backoff after repeated faults
 * @param writerThreads threads that write to streams (0: one per core, at least 2)
 */
@ConfigurationProperties("runctl.monitor")
public record MonitorProperties(@DefaultValue("10000") int bufferLines, @DefaultValue("15s") Duration keepAlive,
		@DefaultValue("2000") int subscriberQueue, @DefaultValue("1s") Duration retryMin,
		@DefaultValue("30s") Duration retryMax, @DefaultValue("0") int writerThreads) {

	public MonitorProperties {
		if (bufferLines < 1 || subscriberQueue < 1) {
			throw new IllegalArgumentException("runctl.monitor.buffer-lines and subscriber-queue must be at least 1");
		}
		if (keepAlive.isNegative() || keepAlive.isZero()) {
			throw new IllegalArgumentException("runctl.monitor.keep-alive must be positive");
		}
	}

	int writers() {
		return (this.writerThreads > 0) ? this.writerThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
	}

}
