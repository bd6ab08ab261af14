package io.runctl.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The instance's upstream rate budget ({@code runctl.upstream.rate-limit} requests per
 * second): one token bucket every upstream call passes through. A bucket holds at most a
 * quarter of a second's tokens, so no one-second window sees more than 1.25 times the
 * rate. Waiting control calls are always served before waiting polls.
 */
@Component
class UpstreamBudget implements DisposableBean {

	private final double rate;

	private final double capacity;

	private final Deque<MonoSink<Void>> control = new ArrayDeque<>();

	private final Deque<MonoSink<Void>> polls = new ArrayDeque<>();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "upstream-budget");
		thread.setDaemon(true);
		return thread;
	});

	private double tokens;

	private long refilledAt = System.nanoTime();

	private boolean drainScheduled;

	UpstreamBudget(PlatformProperties properties, MeterRegistry meters) {
		if (!(properties.rateLimit() > 0)) {
			throw new IllegalArgumentException("runctl.upstream.rate-limit must be more than 0");
		}
		this.rate = properties.rateLimit();
		this.capacity = Math.max(1, this.rate / 4);
		this.tokens = this.capacity;
		Gauge.builder("runctl.upstream.budget.waiting", this, (budget) -> budget.waiting(CallPriority.CONTROL))
			.tag("priority", "control")
			.description("Upstream calls waiting for the rate budget")
			.register(meters);
		Gauge.builder("runctl.upstream.budget.waiting", this, (budget) -> budget.waiting(CallPriority.POLL))
			.tag("priority", "poll")
			.description("Upstream calls waiting for the rate budget")
			.register(meters);
	}

	/** Completes when the call may go; cancelling it gives up its place. */
	Mono<Void> acquire(CallPriority priority) {
		return Mono.create((sink) -> {
			boolean granted;
			synchronized (this) {
				refill();
				granted = this.tokens >= 1 && this.control.isEmpty()
						&& (priority == CallPriority.CONTROL || this.polls.isEmpty());
				if (granted) {
					this.tokens -= 1;
				}
				else {
					queue(priority).addLast(sink);
					scheduleDrain();
				}
			}
			if (granted) {
				sink.success();
			}
			else {
				sink.onCancel(() -> forget(priority, sink));
			}
		});
	}

	synchronized int waiting(CallPriority priority) {
		return queue(priority).size();
	}

	private Deque<MonoSink<Void>> queue(CallPriority priority) {
		return switch (priority) {
			case CONTROL -> this.control;
			case POLL -> this.polls;
		};
	}

	private synchronized void forget(CallPriority priority, MonoSink<Void> sink) {
		queue(priority).remove(sink);
	}

	private void refill() {
		long now = System.nanoTime();
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) / 1e9 * this.rate);
		this.refilledAt = now;
	}

	private void scheduleDrain() {
		if (this.drainScheduled) {
			return;
		}
		this.drainScheduled = true;
		long delayNanos = (long) (Math.max(0, 1 - this.tokens) / this.rate * 1e9);
		this.timer.schedule(this::drain, Math.max(delayNanos, 100_000), TimeUnit.NANOSECONDS);
	}

	private void drain() {
		Deque<MonoSink<Void>> go = new ArrayDeque<>();
		synchronized (this) {
			this.drainScheduled = false;
			refill();
			while (this.tokens >= 1) {
				MonoSink<Void> next = (!this.control.isEmpty()) ? this.control.pollFirst() : this.polls.pollFirst();
				if (next == null) {
					break;
				}
				this.tokens -= 1;
				go.add(next);
			}
			if (!this.control.isEmpty() || !this.polls.isEmpty()) {
				scheduleDrain();
			}
		}
		go.forEach(MonoSink::success);
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
