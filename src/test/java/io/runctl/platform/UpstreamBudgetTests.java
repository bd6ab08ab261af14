package io.runctl.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UpstreamBudgetTests {

	UpstreamBudget budget(double rate) {
		return new UpstreamBudget(
				new PlatformProperties(null, null, rate, Duration.ofSeconds(10), Duration.ofSeconds(2)),
				new SimpleMeterRegistry());
	}

	@Test
	void waitingControlCallsShouldGoBeforeWaitingPolls() {
		UpstreamBudget budget = budget(4);
		List<String> order = new CopyOnWriteArrayList<>();
		budget.acquire(CallPriority.POLL).subscribe(null, null, () -> order.add("first"));
		for (int i = 0; i < 3; i++) {
			int n = i;
			budget.acquire(CallPriority.POLL).subscribe(null, null, () -> order.add("poll" + n));
		}
		budget.acquire(CallPriority.CONTROL).subscribe(null, null, () -> order.add("control"));
		await().atMost(Duration.ofSeconds(30)).until(() -> order.size() == 5);
		assertThat(order).containsExactly("first", "control", "poll0", "poll1", "poll2");
		budget.destroy();
	}

	@Test
	void grantsShouldNotOutrunTheRate() {
		UpstreamBudget budget = budget(10);
		List<Long> granted = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 25; i++) {
			budget.acquire(CallPriority.POLL).subscribe(null, null, () -> granted.add(System.nanoTime()));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> granted.size() == 25);
		long spanMillis = (granted.get(24) - granted.get(0)) / 1_000_000;
		// 25 grants from a bucket of 2.5 at 10 per second take at least 2.2 seconds.
		assertThat(spanMillis).isGreaterThanOrEqualTo(2100);
		budget.destroy();
	}

	@Test
	void cancelledWaitShouldGiveUpItsPlace() {
		UpstreamBudget budget = budget(1);
		budget.acquire(CallPriority.POLL).subscribe();
		var waiting = budget.acquire(CallPriority.POLL).subscribe();
		assertThat(budget.waiting(CallPriority.POLL)).isEqualTo(1);
		waiting.dispose();
		assertThat(budget.waiting(CallPriority.POLL)).isZero();
		budget.destroy();
	}

}
