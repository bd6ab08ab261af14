package io.runctl.monitor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.platform.PlatformClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What every watcher and stream shares: the upstream, the limits, the format, the threads
 * (one scheduler for polls, keep-alives and deadlines; a small pool that writes to
 * streams) and the counters.
 */
@Component
class MonitorRuntime implements DisposableBean {

	final PlatformClient platform;

	final MonitorProperties properties;

	final SseFormat format;

	final ScheduledExecutorService scheduler;

	final ExecutorService writers;

	final Counter polls;

	final Counter linesDelivered;

	final Counter droppedSlow;

	MonitorRuntime(PlatformClient platform, MonitorProperties properties, SseFormat format, MeterRegistry meters) {
		this.platform = platform;
		this.properties = properties;
		this.format = format;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("monitor-scheduler"));
		this.writers = Executors.newFixedThreadPool(properties.writers(), daemon("monitor-writer"));
		this.polls = Counter.builder("runctl.monitor.polls")
			.description("Upstream calls made by monitor watchers")
			.register(meters);
		this.linesDelivered = Counter.builder("runctl.monitor.lines.delivered")
			.description("Log lines written to monitor streams")
			.register(meters);
		this.droppedSlow = Counter.builder("runctl.monitor.subscribers.dropped")
			.description("Monitor streams closed because they could not keep up")
			.tag("reason", "slow")
			.register(meters);
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.writers.shutdownNow();
	}

}
