package io.runctl.run;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Database work (the audit trail, the idempotency keys) blocks, so it runs on Reactor's
 * bounded elastic threads, never on a request's or the event loop's thread.
 */
final class Blocking {

	private Blocking() {
	}

	/** The work's result, computed off the caller's thread when subscribed. */
	static <T> Mono<T> call(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

	/** Runs the work off the caller's thread, without waiting for it. */
	static void run(Runnable work) {
		Schedulers.boundedElastic().schedule(work);
	}

}
