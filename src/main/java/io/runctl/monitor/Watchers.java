package io.runctl.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.pipeline.RunCoordinates;

import org.springframework.stereotype.Component;

/**
 * The watchers of this instance, one per run, counted by their subscribers: made on the
 * first subscribe, stopped when the last one leaves. Also ticks every stream for its
 * keep-alive and deadline, so that a closed stream stops with it.
 */
@Component
class Watchers {

	private final Map<RunCoordinates, RunWatcher> watchers = new HashMap<>();

	private final MonitorRuntime runtime;

	private final long keepAliveNanos;

	Watchers(MonitorRuntime runtime, MeterRegistry meters) {
		this.runtime = runtime;
		long keepAlive = runtime.properties.keepAlive().toNanos();
		long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(TimeUnit.SECONDS.toNanos(1), keepAlive / 4));
		// A keep-alive is due when the next tick would come too late for it.
		this.keepAliveNanos = Math.max(tick, keepAlive - tick);
		runtime.scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
		Gauge.builder("runctl.monitor.watchers", this, Watchers::watcherCount)
			.description("Runs watched by this instance")
			.register(meters);
		Gauge.builder("runctl.monitor.subscribers", this, Watchers::subscriberCount)
			.description("Open monitor streams")
			.register(meters);
	}

	/** Joins the run's watcher, making and starting it when there is none. */
	RunWatcher join(RunCoordinates run, StreamSubscriber subscriber) {
		RunWatcher watcher;
		boolean made = false;
		synchronized (this) {
			watcher = this.watchers.get(run);
			if (watcher == null) {
				watcher = new RunWatcher(run, this.runtime, this::discard);
				this.watchers.put(run, watcher);
				made = true;
			}
			watcher.join(subscriber);
		}
		RunWatcher joined = watcher;
		subscriber.bind(joined, () -> leave(joined, subscriber));
		if (made) {
			joined.start();
		}
		return joined;
	}

	void leave(RunWatcher watcher, StreamSubscriber subscriber) {
		synchronized (this) {
			if (watcher.leave(subscriber) > 0) {
				return;
			}
			this.watchers.remove(watcher.coordinates(), watcher);
		}
		watcher.stop();
	}

	private void discard(RunWatcher watcher) {
		synchronized (this) {
			this.watchers.remove(watcher.coordinates(), watcher);
		}
		watcher.stop();
	}

	synchronized int watcherCount() {
		return this.watchers.size();
	}

	synchronized int subscriberCount() {
		return this.watchers.values().stream().mapToInt((watcher) -> watcher.members().size()).sum();
	}

	/** The watchers that still poll, for tests and operations. */
	synchronized List<RunCoordinates> polling() {
		return this.watchers.values().stream().filter(RunWatcher::polling).map(RunWatcher::coordinates).toList();
	}

	private void tick() {
		List<RunWatcher> all;
		synchronized (this) {
			all = new ArrayList<>(this.watchers.values());
		}
		long now = System.nanoTime();
		for (RunWatcher watcher : all) {
			for (StreamSubscriber subscriber : watcher.members()) {
				try {
					subscriber.tick(now, this.keepAliveNanos);
				}
				catch (RuntimeException ex) {
					subscriber.close();
				}
			}
		}
	}

}
