package io.runctl.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runctl.pipeline.RunCoordinates;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The watchers of this instance, one per run, counted by their subscribers: made on the
 * first subscribe, stopped when the last one leaves. Also ticks every stream for its
 * keep-alive and deadline, so that a closed stream stops with it.
 * <p>
 * When the service stops, before the web server's graceful shutdown begins, every open
 * stream gets a {@code shutdown} notice and is closed, so that its client reconnects
 * elsewhere with its cursor instead of holding the shutdown up; streams that cannot take
 * the notice within {@link #SHUTDOWN_GRACE} are closed without it. New streams are
 * refused from then on.
 */
@Component
class Watchers implements SmartLifecycle {

	static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

	private static final long SHUTDOWN_CHECK_MILLIS = 20;

	private volatile boolean running;

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
		if (!this.running) {
			// The service began to stop while this stream opened.
			subscriber.shutDown();
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

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Tells every open stream to go, without waiting for them. */
	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * Tells every open stream to go, and reports back once they are all closed, or after
	 * {@link #SHUTDOWN_GRACE} with the stragglers closed.
	 */
	@Override
	public void stop(Runnable done) {
		List<StreamSubscriber> open = new ArrayList<>();
		synchronized (this) {
			this.running = false;
			this.watchers.values().forEach((watcher) -> open.addAll(watcher.members()));
		}
		open.forEach(StreamSubscriber::shutDown);
		awaitClosed(open, System.nanoTime() + SHUTDOWN_GRACE.toNanos(), done);
	}

	private void awaitClosed(List<StreamSubscriber> open, long deadline, Runnable done) {
		if (open.stream().allMatch(StreamSubscriber::closed)) {
			done.run();
			return;
		}
		if (System.nanoTime() - deadline >= 0) {
			open.forEach(StreamSubscriber::close);
			done.run();
			return;
		}
		this.runtime.scheduler.schedule(() -> awaitClosed(open, deadline, done), SHUTDOWN_CHECK_MILLIS,
				TimeUnit.MILLISECONDS);
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
