package io.runctl.monitor;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformClient;
import jakarta.servlet.AsyncContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * A watcher polls at the smallest interval its members asked for, kept as members join
 * and leave (not found by walking every member, which made joining 10 000 streams
 * quadratic).
 */
class MonitorIntervalTests {

	private final MonitorRuntime runtime = new MonitorRuntime(mock(PlatformClient.class),
			new MonitorProperties(100, Duration.ofSeconds(15), 10, Duration.ofSeconds(1), Duration.ofSeconds(30), 1),
			new SseFormat(JsonMapper.builder().build()), new SimpleMeterRegistry());

	private final RunWatcher watcher = new RunWatcher(
			new RunCoordinates(new PipelineCoordinates("u", "a", "p", "v"), "r"), this.runtime, (broken) -> {
			});

	@AfterEach
	void stop() {
		this.runtime.destroy();
	}

	@Test
	void intervalShouldBeTheSmallestOfTheMembersLeftAndTenSecondsWithNone() {
		StreamSubscriber five = subscriber(5);
		StreamSubscriber one = subscriber(1);
		StreamSubscriber anotherOne = subscriber(1);
		StreamSubscriber three = subscriber(3);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(10));

		this.watcher.join(five);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(5));
		this.watcher.join(one);
		this.watcher.join(anotherOne);
		this.watcher.join(three);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(1));

		assertThat(this.watcher.leave(one)).isEqualTo(3);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.watcher.leave(one)).isEqualTo(3);
		assertThat(this.watcher.leave(anotherOne)).isEqualTo(2);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(3));
		this.watcher.leave(three);
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.watcher.leave(five)).isZero();
		assertThat(this.watcher.interval()).isEqualTo(Duration.ofSeconds(10));
	}

	private StreamSubscriber subscriber(int intervalSeconds) {
		return new StreamSubscriber(mock(AsyncContext.class), this.runtime, Duration.ofSeconds(intervalSeconds), true,
				Duration.ofHours(1));
	}

}
