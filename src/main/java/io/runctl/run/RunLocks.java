package io.runctl.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Serialises the check-and-act of control calls per run, without holding a thread while
 * waiting: each call waits for the one before it on the same run to finish, then runs.
 */
@Component
class RunLocks {

	private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

	<T> Mono<T> serialized(String key, Supplier<Mono<T>> action) {
		return Mono.defer(() -> {
			CompletableFuture<Void> mine = new CompletableFuture<>();
			CompletableFuture<Void> previous = this.tails.put(key, mine);
			Mono<Void> turn = (previous != null) ? Mono.fromFuture(previous, true) : Mono.empty();
			return turn.then(Mono.defer(action)).doFinally((signal) -> release(key, mine, previous));
		});
	}

	/**
	 * Lets the next call go once both this call and the one it waited for are done, even
	 * if cancelled.
	 */
	private void release(String key, CompletableFuture<Void> mine, CompletableFuture<Void> previous) {
		Runnable done = () -> {
			this.tails.remove(key, mine);
			mine.complete(null);
		};
		if (previous == null) {
			done.run();
		}
		else {
			previous.whenComplete((ignored, failure) -> done.run());
		}
	}

	/**
	 * How many runs have a control call in progress or waiting; for tests and metrics.
	 */
	int busyRuns() {
		return this.tails.size();
	}

}
