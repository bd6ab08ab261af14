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

	/** Streams below which one writer thread serves a whole fan-out. */
	private static final int FAN_OUT_SHARE = 64;

	private final int writerCount;

	MonitorRuntime(PlatformClient platform, MonitorProperties properties, SseFormat format, MeterRegistry meters) {
		this.platform = platform;
		this.properties = properties;
		this.format = format;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("monitor-scheduler"));
		this.writerCount = properties.writers();
		AtomicInteger writerNumber = new AtomicInteger();
		this.writers = Executors.newFixedThreadPool(this.writerCount,
				(task) -> new Writer(task, "monitor-writer-" + writerNumber.incrementAndGet()));
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

	/**
	 * Tells these streams that their feed has something new: the writer threads share
	 * them out, each writing to its share in turn (a write never blocks: a stream that
	 * cannot take more waits for its own write listener), rather than one task per
	 * stream.
	 */
	void fanOut(StreamSubscriber[] subscribers) {
		int shards = Math.max(1, Math.min(this.writerCount, subscribers.length / FAN_OUT_SHARE));
		for (int shard = 0; shard < shards; shard++) {
			int from = (int) ((long) subscribers.length * shard / shards);
			int to = (int) ((long) subscribers.length * (shard + 1) / shards);
			this.writers.execute(() -> {
				for (int i = from; i < to; i++) {
					try {
						subscribers[i].signalHere();
					}
					catch (RuntimeException ex) {
						subscribers[i].close();
					}
				}
			});
		}
	}

	/** A thread that writes to streams, with the batch it reuses for every write. */
	static final class Writer extends Thread {

		final StreamSubscriber.Batch batch = new StreamSubscriber.Batch();

		Writer(Runnable task, String name) {
			super(task, name);
			setDaemon(true);
		}

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
