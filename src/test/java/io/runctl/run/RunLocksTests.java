package io.runctl.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RunLocksTests {

	private final RunLocks locks = new RunLocks();

	@Test
	void callsOnOneRunShouldNeverInterleave() {
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		List<String> events = Collections.synchronizedList(new ArrayList<>());
		List<Mono<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int n = i;
			calls.add(this.locks.serialized("run-1", () -> Mono.fromCallable(() -> {
				maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
				events.add("start " + n);
				return n;
			}).delayElement(Duration.ofMillis(5)).doOnNext((ignored) -> {
				events.add("end " + n);
				inside.decrementAndGet();
			}).subscribeOn(Schedulers.parallel())));
		}
		List<Integer> results = Mono.zip(calls, (values) -> values.length).flux().collectList().block();
		assertThat(results).containsExactly(20);
		assertThat(maxInside.get()).isEqualTo(1);
		for (int i = 0; i < events.size(); i += 2) {
			assertThat(events.get(i + 1)).isEqualTo(events.get(i).replace("start", "end"));
		}
		// doFinally runs just after the last value reached the subscriber: wait for it.
		await().atMost(Duration.ofSeconds(20)).until(() -> this.locks.busyRuns() == 0);
	}

	@Test
	void callsOnDifferentRunsShouldNotWaitForEachOther() {
		Sinks.One<String> holder = Sinks.one();
		Disposable first = this.locks.serialized("run-1", holder::asMono).subscribe();
		String other = this.locks.serialized("run-2", () -> Mono.just("done")).block(Duration.ofSeconds(20));
		assertThat(other).isEqualTo("done");
		first.dispose();
	}

	@Test
	void secondCallShouldWaitUntilTheFirstIsDone() {
		Sinks.One<String> holder = Sinks.one();
		List<String> results = Collections.synchronizedList(new ArrayList<>());
		this.locks.serialized("run-1", holder::asMono).subscribe(results::add);
		AtomicInteger secondStarted = new AtomicInteger();
		this.locks.serialized("run-1", () -> {
			secondStarted.incrementAndGet();
			return Mono.just("second");
		}).subscribe(results::add);
		assertThat(secondStarted.get()).isZero();
		holder.tryEmitValue("first");
		await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 2);
		assertThat(results).containsExactly("first", "second");
		assertThat(secondStarted.get()).isEqualTo(1);
	}

	@Test
	void failingHolderShouldLetTheNextCallGo() {
		Mono<String> failing = this.locks.serialized("run-1", () -> Mono.error(new IllegalStateException("boom")));
		assertThat(failing.onErrorReturn("failed").block(Duration.ofSeconds(20))).isEqualTo("failed");
		assertThat(this.locks.serialized("run-1", () -> Mono.just("next")).block(Duration.ofSeconds(20)))
			.isEqualTo("next");
	}

	@Test
	void cancelledWaiterShouldNotLetTheNextCallOvertakeTheHolder() {
		Sinks.One<String> holder = Sinks.one();
		List<String> results = Collections.synchronizedList(new ArrayList<>());
		this.locks.serialized("run-1", holder::asMono).subscribe(results::add);
		AtomicInteger waiterStarted = new AtomicInteger();
		Disposable waiter = this.locks.serialized("run-1", () -> {
			waiterStarted.incrementAndGet();
			return Mono.just("waiter");
		}).subscribe(results::add);
		AtomicInteger thirdStarted = new AtomicInteger();
		this.locks.serialized("run-1", () -> {
			thirdStarted.incrementAndGet();
			return Mono.just("third");
		}).subscribe(results::add);

		waiter.dispose();
		assertThat(thirdStarted.get()).as("third must still wait for the holder").isZero();

		holder.tryEmitValue("holder");
		await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 2);
		assertThat(results).containsExactly("holder", "third");
		assertThat(waiterStarted.get()).isZero();
		// doFinally runs just after the last value reached the subscriber: wait for it.
		await().atMost(Duration.ofSeconds(20)).until(() -> this.locks.busyRuns() == 0);
	}

	@Test
	void cancelledHolderShouldLetTheNextCallGo() {
		Sinks.One<String> holder = Sinks.one();
		Disposable first = this.locks.serialized("run-1", holder::asMono).subscribe();
		List<String> results = Collections.synchronizedList(new ArrayList<>());
		this.locks.serialized("run-1", () -> Mono.just("next")).subscribe(results::add);
		assertThat(results).isEmpty();
		first.dispose();
		await().atMost(Duration.ofSeconds(20)).until(() -> results.size() == 1);
	}

}
