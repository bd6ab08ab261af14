package io.runctl.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.CallPriority;
import io.runctl.platform.PlatformException;
import io.runctl.platform.PlatformLogPage;
import io.runctl.run.Run;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one poller of a run on this instance, shared by all its subscribers: polls the run
 * and its log at the smallest interval they asked for, and appends what it finds to an
 * {@link EventFeed} that every subscriber reads at its own pace. Stops polling after the
 * run ended and its log was read to the end, or when its registry stops it.
 */
final class RunWatcher {

	private static final Logger log = LoggerFactory.getLogger(RunWatcher.class);

	/** How long a full page's lines may wait for the next page before they are sent. */
	private static final long HOLD_BACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final RunCoordinates coordinates;

	private final MonitorRuntime runtime;

	private final Consumer<RunWatcher> broken;

	private final EventFeed feed;

	private final LogPager pager = new LogPager();

	private final Set<StreamSubscriber> members = ConcurrentHashMap.newKeySet();

	/**
	 * How many members asked for each interval, so that the smallest is known without
	 * walking every member (guarded by itself).
	 */
	private final TreeMap<Duration, Integer> intervals = new TreeMap<>();

	private final CompletableFuture<Run> first = new CompletableFuture<>();

	private volatile @Nullable Run current;

	private boolean stopped;

	private boolean ended;

	private @Nullable ScheduledFuture<?> next;

	private @Nullable Disposable inFlight;

	private long cycleStart;

	private int failures;

	private boolean stretched;

	/** The feed's head when the members were last woken. */
	private long announced;

	/**
	 * When the lines not announced yet were appended, while a full page holds them back.
	 */
	private long heldSince;

	RunWatcher(RunCoordinates coordinates, MonitorRuntime runtime, Consumer<RunWatcher> broken) {
		this.coordinates = coordinates;
		this.runtime = runtime;
		this.broken = broken;
		this.feed = new EventFeed(runtime.properties.bufferLines());
	}

	RunCoordinates coordinates() {
		return this.coordinates;
	}

	/** The run as first seen; fails when the first look at it did. */
	CompletableFuture<Run> first() {
		return this.first;
	}

	@Nullable Run current() {
		return this.current;
	}

	Set<StreamSubscriber> members() {
		return this.members;
	}

	void start() {
		this.runtime.scheduler.execute(() -> cycle(CallPriority.CONTROL));
	}

	synchronized void stop() {
		this.stopped = true;
		if (this.next != null) {
			this.next.cancel(false);
		}
		if (this.inFlight != null) {
			this.inFlight.dispose();
		}
	}

	synchronized boolean polling() {
		return !this.stopped && !this.ended;
	}

	void join(StreamSubscriber member) {
		Duration before = interval();
		if (this.members.add(member)) {
			synchronized (this.intervals) {
				this.intervals.merge(member.interval(), 1, Integer::sum);
			}
		}
		if (member.interval().compareTo(before) < 0) {
			pollSooner();
		}
	}

	/**
	 * @return the members left
	 */
	int leave(StreamSubscriber member) {
		if (this.members.remove(member)) {
			synchronized (this.intervals) {
				this.intervals.computeIfPresent(member.interval(), (interval, count) -> (count > 1) ? count - 1 : null);
			}
		}
		return this.members.size();
	}

	/** The smallest interval any member asked for. */
	Duration interval() {
		synchronized (this.intervals) {
			return this.intervals.isEmpty() ? Duration.ofSeconds(10) : this.intervals.firstKey();
		}
	}

	/** The events this watcher found, for its streams to read. */
	EventFeed feed() {
		return this.feed;
	}

	/**
	 * Starts a member's stream: its first status, then the feed from where it resumes,
	 * from memory when the feed still holds the lines after {@code after}, else from the
	 * upstream first.
	 */
	void attach(StreamSubscriber member, Cursor after) {
		synchronized (this) {
			member.begin(this.runtime.format.status(this.current), after, this.feed.tail(), this.feed.head());
			Cursor forgotten = this.feed.forgottenUpTo();
			if (member.wantsLogs() && forgotten != null && after.compareTo(forgotten) < 0) {
				catchUp(member);
			}
		}
		member.signal();
	}

	/**
	 * Reads the lines after the member's last one from the upstream, until the feed holds
	 * them.
	 */
	synchronized void catchUp(StreamSubscriber member) {
		int[] start = this.pager.startFor(member.lastCursor());
		member.catchUp(new CatchUp(this, member, new LogPager(start[0], start[1]), this.runtime));
	}

	/**
	 * Lets a catching-up member read from the feed once the feed holds the line it needs
	 * next, or unconditionally when the upstream has nothing more.
	 * @return whether it now reads from the feed
	 */
	synchronized boolean joinFeed(StreamSubscriber member, @Nullable Cursor next) {
		Cursor forgotten = this.feed.forgottenUpTo();
		if (next != null && forgotten != null && !next.isAfter(forgotten)) {
			return false;
		}
		member.readFeedFrom(this.feed.tail(),
				next == null && forgotten != null && member.lastCursor().compareTo(forgotten) < 0);
		return true;
	}

	private void cycle(CallPriority priority) {
		synchronized (this) {
			if (this.stopped || this.ended) {
				return;
			}
			this.next = null;
			this.cycleStart = System.nanoTime();
		}
		this.runtime.polls.increment();
		Disposable running = this.runtime.platform.getRun(this.coordinates, priority)
			.map((found) -> Run.of(this.coordinates, found))
			.doOnNext(this::firstSeen)
			.flatMap((run) -> readLogs().thenReturn(run))
			.subscribe(this::observe, this::failed);
		synchronized (this) {
			this.inFlight = running;
			if (this.stopped) {
				running.dispose();
			}
		}
	}

	private void firstSeen(Run run) {
		if (!this.first.isDone()) {
			this.current = run;
			this.first.complete(run);
		}
	}

	private Mono<Void> readLogs() {
		Mono<Boolean> page = Mono.defer(() -> {
			int number;
			synchronized (this) {
				number = this.pager.page();
			}
			this.runtime.polls.increment();
			return this.runtime.platform.listLogEntries(this.coordinates, number, LogPager.PER_PAGE, CallPriority.POLL)
				.map(this::accept);
		});
		return page.expand((full) -> full ? page : Mono.empty()).then();
	}

	private boolean accept(PlatformLogPage answer) {
		List<LogPager.Indexed> fresh = new ArrayList<>();
		boolean full;
		boolean wake;
		synchronized (this) {
			full = this.pager.accept(answer, fresh);
			long now = System.nanoTime();
			if (full && !fresh.isEmpty() && this.feed.head() == this.announced) {
				this.heldSince = now;
				this.runtime.scheduler.schedule(this::release, HOLD_BACK_NANOS, TimeUnit.NANOSECONDS);
			}
			for (LogPager.Indexed indexed : fresh) {
				List<LogLines.Line> lines = LogLines.split(indexed.entry().message(), indexed.entry().url());
				for (int i = 0; i < lines.size(); i++) {
					Cursor cursor = new Cursor(indexed.index(), i);
					this.feed.append(MonitorEvent.Kind.LOG, cursor, this.runtime.format.log(cursor, lines.get(i)));
				}
			}
			// A full page's lines wait for the next page (briefly): a log that just
			// rolled over to a new page then wakes every stream once, not twice.
			wake = (!full || now - this.heldSince >= HOLD_BACK_NANOS) && announce();
		}
		if (wake) {
			notifyMembers();
		}
		return full;
	}

	private void observe(Run run) {
		boolean wake;
		synchronized (this) {
			this.failures = 0;
			Run previous = this.current;
			this.current = run;
			if (previous != null && previous.state() != run.state()) {
				this.feed.append(MonitorEvent.Kind.STATUS, null, this.runtime.format.status(run));
			}
			if (run.terminal()) {
				this.feed.append(MonitorEvent.Kind.END, null, this.runtime.format.end("terminal", run));
				this.ended = true;
			}
			else {
				scheduleNext();
			}
			wake = announce();
		}
		// A poll that brought nothing new wakes nobody: at 10 000 streams a wake-up is
		// 10 000 tasks.
		if (wake) {
			notifyMembers();
		}
	}

	private void failed(Throwable failure) {
		if (!this.first.isDone()) {
			this.first.completeExceptionally(failure);
			this.broken.accept(this);
			return;
		}
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			this.failures++;
			Duration wait = backoff(this.failures, this.runtime.properties);
			String kind = (failure instanceof PlatformException platform) ? platform.failure().name().toLowerCase()
					: "error";
			log.warn("monitor run={} upstream fault={} attempt={} retry_in_ms={} reason=\"{}\"", this.coordinates, kind,
					this.failures, wait.toMillis(), failure.getMessage());
			this.feed.append(MonitorEvent.Kind.NOTICE, null,
					this.runtime.format.notice("upstream-retry", "The upstream is failing (" + kind + "); retrying in "
							+ wait.toMillis() + " ms. The stream stays open and no log line will be lost."));
			this.next = this.runtime.scheduler.schedule(() -> cycle(CallPriority.POLL), wait.toNanos(),
					TimeUnit.NANOSECONDS);
			announce();
		}
		notifyMembers();
	}

	static Duration backoff(int attempt, MonitorProperties properties) {
		long base = properties.retryMin().toMillis() << Math.min(attempt - 1, 16);
		long capped = Math.min(properties.retryMax().toMillis(), base);
		return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
	}

	private void scheduleNext() {
		long interval = interval().toNanos();
		long elapsed = System.nanoTime() - this.cycleStart;
		if (elapsed > interval + Math.max(interval / 2, TimeUnit.SECONDS.toNanos(1))) {
			if (!this.stretched) {
				this.stretched = true;
				this.feed.append(MonitorEvent.Kind.NOTICE, null,
						this.runtime.format.notice("interval-stretched",
								"Polling takes about " + TimeUnit.NANOSECONDS.toMillis(elapsed)
										+ " ms instead of every " + TimeUnit.NANOSECONDS.toMillis(interval)
										+ " ms to stay inside the upstream rate budget."));
			}
		}
		else if (elapsed <= interval) {
			this.stretched = false;
		}
		this.next = this.runtime.scheduler.schedule(() -> cycle(CallPriority.POLL), Math.max(0, interval - elapsed),
				TimeUnit.NANOSECONDS);
	}

	private synchronized void pollSooner() {
		if (this.next != null && this.next.cancel(false)) {
			long wait = Math.max(0, interval().toNanos() - (System.nanoTime() - this.cycleStart));
			this.next = this.runtime.scheduler.schedule(() -> cycle(CallPriority.POLL), wait, TimeUnit.NANOSECONDS);
		}
	}

	/** Sends the lines a full page held back if the next page has not come in time. */
	private void release() {
		boolean wake;
		synchronized (this) {
			wake = !this.stopped && announce();
		}
		if (wake) {
			notifyMembers();
		}
	}

	/**
	 * Whether the feed has events the members were not woken for; marks them announced.
	 * The caller holds the lock and wakes the members after it.
	 */
	private boolean announce() {
		long head = this.feed.head();
		if (head == this.announced) {
			return false;
		}
		this.announced = head;
		return true;
	}

	private void notifyMembers() {
		for (StreamSubscriber member : this.members) {
			member.signal();
		}
	}

}
