package io.runctl.monitor;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed keeps the last events, says which log line it forgot last, and hands every
 * stream at the same position the same batch.
 */
class EventFeedTests {

	private final EventFeed feed = new EventFeed(3);

	@Test
	void aFullFeedForgetsItsOldestEventAndRemembersTheLastLineItForgot() {
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 0), bytes("a"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 1), bytes("b"));
		this.feed.append(MonitorEvent.Kind.NOTICE, null, bytes("n"));
		assertThat(this.feed.forgottenUpTo()).isNull();
		assertThat(this.feed.tail()).isZero();

		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(1, 0), bytes("c"));
		this.feed.append(MonitorEvent.Kind.STATUS, null, bytes("s"));

		assertThat(this.feed.head()).isEqualTo(5);
		assertThat(this.feed.tail()).isEqualTo(2);
		assertThat(this.feed.eventAt(0)).isNull();
		assertThat(this.feed.eventAt(1)).isNull();
		assertThat(this.feed.eventAt(3).cursor()).isEqualTo(new Cursor(1, 0));
		assertThat(this.feed.forgottenUpTo()).isEqualTo(new Cursor(0, 1));
	}

	@Test
	void forgettingANoticeForgetsNoLine() {
		this.feed.append(MonitorEvent.Kind.NOTICE, null, bytes("n"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 0), bytes("a"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 1), bytes("b"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 2), bytes("c"));

		assertThat(this.feed.forgottenUpTo()).isNull();
	}

	@Test
	void batchFromJoinsTheEventsToTheHeadOnceForEveryStreamAtThatPosition() {
		this.feed.append(MonitorEvent.Kind.STATUS, null, bytes("s;"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 0), bytes("a;"));
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 1), bytes("b;"));

		EventFeed.Batch batch = this.feed.batchFrom(0, 1024);

		assertThat(new String(batch.bytes(), StandardCharsets.UTF_8)).isEqualTo("s;a;b;");
		assertThat(batch.to()).isEqualTo(3);
		assertThat(batch.lines()).isEqualTo(2);
		assertThat(batch.firstLog()).isEqualTo(new Cursor(0, 0));
		assertThat(batch.lastLog()).isEqualTo(new Cursor(0, 1));
		assertThat(batch.end()).isFalse();
		assertThat(this.feed.batchFrom(0, 1024)).isSameAs(batch);
		assertThat(this.feed.batchFrom(1, 1024)).isNotSameAs(batch);
	}

	@Test
	void batchFromStopsAtTheEndAndRefusesWhatIsTooLargeOrForgotten() {
		this.feed.append(MonitorEvent.Kind.LOG, new Cursor(0, 0), bytes("a;"));
		this.feed.append(MonitorEvent.Kind.END, null, bytes("end;"));

		assertThat(this.feed.batchFrom(0, 5)).isNull();
		EventFeed.Batch batch = this.feed.batchFrom(0, 1024);
		assertThat(batch.end()).isTrue();
		assertThat(batch.to()).isEqualTo(2);

		this.feed.append(MonitorEvent.Kind.NOTICE, null, bytes("n;"));
		this.feed.append(MonitorEvent.Kind.NOTICE, null, bytes("m;"));
		assertThat(this.feed.batchFrom(0, 1024)).isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
