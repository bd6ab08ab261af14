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
 * and its log at the smallest interval they asked for, and keeps a bounded feed of
 * encoded events that every subscriber reads at its own pace. Stops polling after the run
 * ended and its log was read to the end, or when its registry stops it.
 */
final class RunWatcher {

	private static final Logger log = LoggerFactory.getLogger(RunWatcher.class);

	/** How long a full page's lines may wait for the next page before they are sent. */
	private static final long HOLD_BACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final RunCoordinates coordinates;

	private final MonitorRuntime runtime;

	private final Consumer<RunWatcher> broken;

	private final MonitorEvent[] ring;

	private final LogPager pager = new LogPager();

	private final Set<StreamSubscriber> members = ConcurrentHashMap.newKeySet();

	/**
	 * How many members asked for each interval, so that the smallest is known without
	 * walking every member (guarded by itself).
	 */
	private final TreeMap<Duration, Integer> intervals = new TreeMap<>();

	private final CompletableFuture<Run> first = new CompletableFuture<>();

	private volatile long head;

	private volatile @Nullable Batch lastBatch;

	private volatile @Nullable Run current;

	/**
	 * The last log line the feed no longer holds; {@code null} while it holds them all.
	 */
	private @Nullable Cursor forgottenUpTo;

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
		this.ring = new MonitorEvent[runtime.properties.bufferLines()];
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

	long head() {
		return this.head;
	}

	long tail() {
		return Math.max(0, this.head - this.ring.length);
	}

	/** The event at this position of the feed, or {@code null} when it was forgotten. */
	@Nullable MonitorEvent eventAt(long seq) {
		MonitorEvent event = this.ring[(int) (seq % this.ring.length)];
		return (event != null && event.seq() == seq) ? event : null;
	}

	/**
	 * The events from one position of the feed to its head (or to its end), in one piece:
	 * every stream that takes them all writes the same bytes, built once per fan-out
	 * rather than once per stream.
	 *
	 * @param from the first position
	 * @param to the position after the last event
	 * @param bytes every event's bytes, in order
	 * @param lines the log lines among them
	 * @param firstLog the cursor of the first log line; {@code null} when there is none
	 * @param lastLog the cursor of the last log line; {@code null} when there is none
	 * @param end whether it ends with the stream's end
	 */
	record Batch(long from, long to, byte[] bytes, int lines, @Nullable Cursor firstLog, @Nullable Cursor lastLog,
			boolean end) {
	}

	/**
	 * The events from {@code from} to the head as one {@link Batch}, the same instance
	 * for every stream that asks at the same head; {@code null} when some are forgotten
	 * or they are more than {@code maxBytes}.
	 */
	@Nullable Batch batchFrom(long from, int maxBytes) {
		long to = this.head;
		Batch last = this.lastBatch;
		if (last != null && last.from() == from && last.to() == to) {
			return last;
		}
		List<MonitorEvent> events = new ArrayList<>();
		int size = 0;
		for (long seq = from; seq < to; seq++) {
			MonitorEvent event = eventAt(seq);
			if (event == null) {
				return null;
			}
			size += event.bytes().length;
			if (size > maxBytes) {
				return null;
			}
			events.add(event);
			if (event.kind() == MonitorEvent.Kind.END) {
				break;
			}
		}
		byte[] bytes = new byte[size];
		int at = 0;
		int lines = 0;
		Cursor firstLog = null;
		Cursor lastLog = null;
		for (MonitorEvent event : events) {
			System.arraycopy(event.bytes(), 0, bytes, at, event.bytes().length);
			at += event.bytes().length;
			if (event.kind() == MonitorEvent.Kind.LOG) {
				lines++;
				firstLog = (firstLog != null) ? firstLog : event.cursor();
				lastLog = event.cursor();
			}
		}
		MonitorEvent closing = events.isEmpty() ? null : events.get(events.size() - 1);
		Batch batch = new Batch(from, from + events.size(), bytes, lines, firstLog, lastLog,
				closing != null && closing.kind() == MonitorEvent.Kind.END);
		this.lastBatch = batch;
		return batch;
	}

	/**
	 * Starts a member's stream: its first status, then the feed from where it resumes,
	 * from memory when the feed still holds the lines after {@code after}, else from the
	 * upstream first.
	 */
	void attach(StreamSubscriber member, Cursor after) {
		synchronized (this) {
			member.begin(this.runtime.format.status(this.current), after, this.tail(), this.head);
			if (member.wantsLogs() && this.forgottenUpTo != null && after.compareTo(this.forgottenUpTo) < 0) {
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
		if (next != null && this.forgottenUpTo != null && !next.isAfter(this.forgottenUpTo)) {
			return false;
		}
		member.readFeedFrom(this.tail(),
				next == null && this.forgottenUpTo != null && member.lastCursor().compareTo(this.forgottenUpTo) < 0);
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
			if (full && !fresh.isEmpty() && this.head == this.announced) {
				this.heldSince = now;
				this.runtime.scheduler.schedule(this::release, HOLD_BACK_NANOS, TimeUnit.NANOSECONDS);
			}
			for (LogPager.Indexed indexed : fresh) {
				List<LogLines.Line> lines = LogLines.split(indexed.entry().message(), indexed.entry().url());
				for (int i = 0; i < lines.size(); i++) {
					Cursor cursor = new Cursor(indexed.index(), i);
					append(MonitorEvent.Kind.LOG, cursor, this.runtime.format.log(cursor, lines.get(i)));
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
				append(MonitorEvent.Kind.STATUS, null, this.runtime.format.status(run));
			}
			if (run.terminal()) {
				append(MonitorEvent.Kind.END, null, this.runtime.format.end("terminal", run));
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
			append(MonitorEvent.Kind.NOTICE, null,
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
				append(MonitorEvent.Kind.NOTICE, null,
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

	/** Appends to the feed; the caller holds the lock and notifies the members after. */
	private void append(MonitorEvent.Kind kind, @Nullable Cursor cursor, byte[] bytes) {
		long seq = this.head;
		int slot = (int) (seq % this.ring.length);
		MonitorEvent old = this.ring[slot];
		if (old != null && old.kind() == MonitorEvent.Kind.LOG) {
			this.forgottenUpTo = old.cursor();
		}
		this.ring[slot] = new MonitorEvent(seq, kind, cursor, bytes);
		this.head = seq + 1;
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
		if (this.head == this.announced) {
			return false;
		}
		this.announced = this.head;
		return true;
	}

	private void notifyMembers() {
		for (StreamSubscriber member : this.members) {
			member.signal();
		}
	}

}
