package io.runctl.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.runctl.platform.CallPriority;
import io.runctl.platform.PlatformException;
import io.runctl.platform.PlatformLogPage;

/**
 * Reads, for one subscriber, the log lines its watcher has already forgotten: page by
 * page from the upstream, one page at a time as the subscriber writes them, until the
 * next line it needs is one the watcher still holds; the subscriber then reads the
 * watcher's feed with no gap and no line twice.
 */
final class CatchUp {

	private final RunWatcher watcher;

	private final StreamSubscriber subscriber;

	private final LogPager pager;

	private final MonitorRuntime runtime;

	private int failures;

	CatchUp(RunWatcher watcher, StreamSubscriber subscriber, LogPager pager, MonitorRuntime runtime) {
		this.watcher = watcher;
		this.subscriber = subscriber;
		this.pager = pager;
		this.runtime = runtime;
	}

	void step() {
		if (this.subscriber.closed()) {
			return;
		}
		this.runtime.platform
			.listLogEntries(this.watcher.coordinates(), this.pager.page(), LogPager.PER_PAGE, CallPriority.POLL)
			.subscribe(this::accept, this::failed);
	}

	private void accept(PlatformLogPage answer) {
		this.failures = 0;
		List<LogPager.Indexed> fresh = new ArrayList<>();
		boolean full = this.pager.accept(answer, fresh);
		for (LogPager.Indexed indexed : fresh) {
			List<LogLines.Line> lines = LogLines.split(indexed.entry().message(), indexed.entry().url());
			for (int i = 0; i < lines.size(); i++) {
				Cursor cursor = new Cursor(indexed.index(), i);
				if (!cursor.isAfter(this.subscriber.lastCursor())) {
					continue;
				}
				if (this.watcher.joinFeed(this.subscriber, cursor)) {
					this.subscriber.signal();
					return;
				}
				this.subscriber.pushLine(cursor, this.runtime.format.log(cursor, lines.get(i)));
			}
		}
		if (full) {
			this.subscriber.whenWritten(this::step);
		}
		else {
			this.watcher.joinFeed(this.subscriber, null);
		}
		this.subscriber.signal();
	}

	private void failed(Throwable failure) {
		this.failures++;
		Duration wait = RunWatcher.backoff(this.failures, this.runtime.properties);
		String kind = (failure instanceof PlatformException platform) ? platform.failure().name().toLowerCase()
				: "error";
		this.subscriber.pushNotice(this.runtime.format.notice("upstream-retry", "The upstream is failing (" + kind
				+ ") while reading earlier log lines; retrying in " + wait.toMillis() + " ms."));
		this.subscriber.signal();
		this.runtime.scheduler.schedule(this::step, wait.toNanos(), TimeUnit.NANOSECONDS);
	}

}
