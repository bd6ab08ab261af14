package io.runctl.run;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link IdempotentControl} when its store fails or its request goes away: nothing is
 * done without a claim, an answer is sent even when it cannot be kept, and a cancelled
 * call gives its key up.
 */
class IdempotentControlTests {

	private final FakeStore store = new FakeStore();

	private final IdempotentControl control = new IdempotentControl(this.store, JsonMapper.builder().build());

	private final AtomicInteger actions = new AtomicInteger();

	@Test
	void storeThatCannotClaimShouldRefuseWithoutActing() {
		this.store.claimFails = true;
		StepVerifier.create(execute(Mono.just(ResponseEntity.ok(new Answer("done")))))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOfSatisfying(ProblemException.class,
					(problem) -> assertThat(problem.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE)))
			.verify(Duration.ofSeconds(10));
		assertThat(this.actions).hasValue(0);
	}

	@Test
	void answerThatCannotBeKeptShouldStillBeSent() {
		this.store.completeFails = true;
		StepVerifier.create(execute(Mono.just(ResponseEntity.ok(new Answer("done"))))).assertNext((answer) -> {
			assertThat(answer.getStatusCode().value()).isEqualTo(200);
			assertThat(new String((byte[]) answer.getBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"result\":\"done\"}");
		}).verifyComplete();
		assertThat(this.actions).hasValue(1);
	}

	@Test
	void cancelledCallShouldReleaseItsKey() {
		StepVerifier.create(execute(Mono.never())).thenAwait(Duration.ofMillis(100)).thenCancel().verify();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.released.get() == 1);
	}

	@Test
	void answerARetryCouldChangeShouldReleaseTheKey() {
		StepVerifier.create(execute(Mono.just(ResponseEntity.status(503).body(new Answer("down")))))
			.assertNext((answer) -> assertThat(answer.getBody()).isEqualTo(new Answer("down")))
			.verifyComplete();
		assertThat(this.store.released).hasValue(1);
		assertThat(this.store.completed).hasValue(0);
	}

	private Mono<ResponseEntity<?>> execute(Mono<ResponseEntity<?>> answer) {
		return this.control.execute("key", "pause run", new MockHttpServletRequest(), () -> {
			this.actions.incrementAndGet();
			return answer;
		});
	}

	record Answer(String result) {
	}

	static final class FakeStore implements IdempotencyStore {

		volatile boolean claimFails;

		volatile boolean completeFails;

		final AtomicInteger completed = new AtomicInteger();

		final AtomicInteger released = new AtomicInteger();

		@Override
		public Claim claim(String key, String fingerprint) {
			if (this.claimFails) {
				throw new IllegalStateException("database down");
			}
			return new Claim.Granted(key, "claim-1");
		}

		@Override
		public void complete(Claim.Granted claim, StoredAnswer answer) {
			if (this.completeFails) {
				throw new IllegalStateException("database down");
			}
			this.completed.incrementAndGet();
		}

		@Override
		public void release(Claim.Granted claim) {
			this.released.incrementAndGet();
		}

	}

}
