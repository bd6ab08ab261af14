package io.runctl.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.run.Run;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * One open monitor stream. Reads its watcher's feed at its own pace and writes it with
 * non-blocking servlet I/O, so a client that does not read never holds a thread, the
 * watcher or the other streams. One that falls too far behind gets a notice and is
 * closed; it reconnects with its cursor.
 */
final class StreamSubscriber implements WriteListener, AsyncListener {

	private static final Logger log = LoggerFactory.getLogger(StreamSubscriber.class);

	private static final int BATCH_BYTES = 16 * 1024;

	private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

	private final MonitorRuntime runtime;

	private final Duration interval;

	private final boolean logs;

	private final long deadline;

	private final Queue<Outgoing> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger wip = new AtomicInteger();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AsyncContext async;

	private @Nullable ServletOutputStream out;

	private @Nullable HttpServletResponse response;

	private volatile @Nullable Prologue prologue;

	private boolean started;

	private @Nullable RunWatcher watcher;

	private @Nullable Runnable onClose;

	private volatile boolean listening;

	private volatile boolean attached;

	private volatile boolean catchingUp;

	private volatile boolean dropping;

	private volatile boolean shuttingDown;

	private final AtomicBoolean shutdownSaid = new AtomicBoolean();

	private volatile Cursor lastCursor = Cursor.START;

	private volatile @Nullable Runnable whenWritten;

	/** When this stream last sent anything: a keep-alive is due only after a silence. */
	private volatile long lastSent = System.nanoTime();

	private volatile long position;

	private long attachSeq;

	private boolean finishing;

	private boolean dirty;

	StreamSubscriber(AsyncContext async, MonitorRuntime runtime, Duration interval, boolean logs, Duration timeout) {
		this.async = async;
		async.addListener(this);
		this.runtime = runtime;
		this.interval = interval;
		this.logs = logs;
		this.deadline = System.nanoTime() + timeout.toNanos();
	}

	/** Something only this stream writes, before the feed. */
	private record Outgoing(byte[] bytes, int lines, boolean last) {
	}

	Duration interval() {
		return this.interval;
	}

	boolean wantsLogs() {
		return this.logs;
	}

	Cursor lastCursor() {
		return this.lastCursor;
	}

	boolean closed() {
		return this.closed.get();
	}

	void bind(RunWatcher watcher, Runnable onClose) {
		this.watcher = watcher;
		this.onClose = onClose;
	}

	/** What the response is: the stream, or a problem found before it started. */
	record Prologue(int status, HttpHeaders headers, byte @Nullable [] problem) {

		static final Prologue STREAM = new Prologue(HttpServletResponse.SC_OK, HttpHeaders.EMPTY, null);

	}

	/**
	 * Registers for writing; the container calls back once the request's thread is done.
	 */
	void open(HttpServletResponse response) throws IOException {
		this.response = response;
		this.out = response.getOutputStream();
		this.out.setWriteListener(this);
	}

	/** Starts the answer once the first look at the run decided it. */
	void answer(Prologue prologue) {
		this.prologue = prologue;
		wake();
	}

	/**
	 * Starts the stream once {@link RunWatcher#attach} gave it a start: the retry hint,
	 * the first status, then the feed from {@code tail}, lines after {@code after} only.
	 */
	void begin(byte[] status, Cursor after, long tail, long head) {
		this.pending.add(new Outgoing(SseFormat.RETRY, 0, false));
		this.pending.add(new Outgoing(status, 0, false));
		this.lastCursor = after;
		this.position = tail;
		this.attachSeq = head;
		this.attached = true;
		if (this.shuttingDown) {
			sayShutdown();
		}
	}

	void catchUp(CatchUp catchUp) {
		this.catchingUp = true;
		catchUp.step();
	}

	void readFeedFrom(long tail, boolean gap) {
		if (gap) {
			pushNotice(this.runtime.format.notice("gap",
					"Some log lines before the resume point are no longer available upstream."));
		}
		this.position = tail;
		this.catchingUp = false;
	}

	void pushLine(Cursor cursor, byte[] bytes) {
		this.pending.add(new Outgoing(bytes, 1, false));
		this.lastCursor = cursor;
	}

	void pushNotice(byte[] bytes) {
		this.pending.add(new Outgoing(bytes, 0, false));
	}

	/** Runs the action once everything queued so far has been written. */
	void whenWritten(Runnable action) {
		this.whenWritten = action;
	}

	/**
	 * Called by the scheduler: a keep-alive after a silence, and the stream's own
	 * deadline.
	 */
	void tick(long now, long keepAliveNanos) {
		if (!this.attached || this.closed.get()) {
			return;
		}
		if (now - this.deadline >= 0 && !this.dropping) {
			this.dropping = true;
			Run run = this.watcher.current();
			this.pending.add(new Outgoing(this.runtime.format.end("timeout", run), 0, true));
			signal();
		}
		else if (now - this.lastSent >= keepAliveNanos) {
			this.lastSent = now;
			this.pending.add(new Outgoing(SseFormat.KEEP_ALIVE, 0, false));
			signal();
		}
	}

	/** Something new to write: writes it from a writer thread unless already writing. */
	void signal() {
		if (this.closed.get() || !this.attached) {
			return;
		}
		if (!this.catchingUp && !this.dropping) {
			long behind = this.watcher.feed().head() - Math.max(this.position, this.attachSeq);
			if (behind > this.runtime.properties.subscriberQueue()) {
				drop();
			}
		}
		wake();
	}

	private void wake() {
		if (this.wip.getAndIncrement() == 0) {
			this.runtime.writers.execute(this::drain);
		}
	}

	@Override
	public void onWritePossible() {
		this.listening = true;
		if (this.wip.getAndIncrement() == 0) {
			drain();
		}
	}

	private void drain() {
		int missed = 1;
		do {
			if (this.closed.get()) {
				return;
			}
			if (this.listening) {
				write();
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void write() {
		try {
			if (!this.started && !start()) {
				return;
			}
			while (this.out.isReady()) {
				byte[] batch = nextBatch();
				if (batch != null) {
					this.out.write(batch);
					this.dirty = true;
					continue;
				}
				if (this.dirty) {
					this.dirty = false;
					this.out.flush();
					this.lastSent = System.nanoTime();
					continue;
				}
				if (this.finishing) {
					close();
					return;
				}
				Runnable action = this.whenWritten;
				if (action != null && this.pending.isEmpty()) {
					this.whenWritten = null;
					this.runtime.writers.execute(action);
				}
				return;
			}
		}
		catch (IOException ex) {
			close();
		}
		catch (RuntimeException ex) {
			log.warn("A monitor stream failed while writing and is closed", ex);
			close();
		}
	}

	/** Sets the status and headers, once the answer is known; false until then. */
	private boolean start() {
		Prologue answer = this.prologue;
		if (answer == null) {
			return false;
		}
		this.started = true;
		this.response.setStatus(answer.status());
		answer.headers().forEach((name, values) -> values.forEach((value) -> this.response.addHeader(name, value)));
		if (answer.problem() != null) {
			this.response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.pending.clear();
			this.pending.add(new Outgoing(answer.problem(), 0, true));
			this.dropping = true;
		}
		else {
			this.response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
			this.response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		}
		return true;
	}

	private byte @Nullable [] nextBatch() {
		if (this.finishing) {
			return null;
		}
		byte[] shared = sharedBatch();
		if (shared != null) {
			return shared;
		}
		ByteArrayOutputStream batch = new ByteArrayOutputStream();
		int lines = 0;
		while (batch.size() < BATCH_BYTES && !this.finishing) {
			Outgoing own = this.pending.poll();
			if (own != null) {
				batch.writeBytes(own.bytes());
				lines += own.lines();
				this.finishing = own.last();
				continue;
			}
			if (this.catchingUp || this.dropping || !readFeed(batch)) {
				break;
			}
		}
		if (lines > 0) {
			this.runtime.linesDelivered.increment(lines);
		}
		return (batch.size() > 0) ? batch.toByteArray() : null;
	}

	/**
	 * The rest of the feed as the watcher's shared {@link EventFeed.Batch}, when this
	 * stream takes every event of it (nothing of its own to write first, logs wanted, no
	 * line of it already written); else {@code null}.
	 */
	private byte @Nullable [] sharedBatch() {
		EventFeed feed = this.watcher.feed();
		if (!this.pending.isEmpty() || this.catchingUp || this.dropping || !this.logs || this.position < this.attachSeq
				|| this.position >= feed.head()) {
			return null;
		}
		EventFeed.Batch batch = feed.batchFrom(this.position, BATCH_BYTES);
		if (batch == null || (batch.firstLog() != null && !batch.firstLog().isAfter(this.lastCursor))) {
			return null;
		}
		this.position = batch.to();
		if (batch.lastLog() != null) {
			this.lastCursor = batch.lastLog();
		}
		this.finishing = batch.end();
		if (batch.lines() > 0) {
			this.runtime.linesDelivered.increment(batch.lines());
		}
		return batch.bytes();
	}

	/** Appends the next event of the feed meant for this stream; false when none. */
	private boolean readFeed(ByteArrayOutputStream batch) {
		EventFeed feed = this.watcher.feed();
		while (this.position < feed.head()) {
			MonitorEvent event = feed.eventAt(this.position);
			if (event == null) {
				// The feed moved on while this stream replayed it: read on from the
				// upstream.
				this.watcher.catchUp(this);
				return false;
			}
			this.position++;
			switch (event.kind()) {
				case LOG -> {
					if (!this.logs || !event.cursor().isAfter(this.lastCursor)) {
						continue;
					}
					this.lastCursor = event.cursor();
					this.runtime.linesDelivered.increment();
				}
				case STATUS, NOTICE -> {
					if (event.seq() < this.attachSeq) {
						continue;
					}
				}
				case END -> this.finishing = true;
			}
			batch.writeBytes(event.bytes());
			return true;
		}
		return false;
	}

	private void drop() {
		if (this.dropping) {
			return;
		}
		this.dropping = true;
		this.runtime.droppedSlow.increment();
		this.pending.add(new Outgoing(
				this.runtime.format.notice("slow-subscriber",
						"This stream fell too far behind and is closed; reconnect with Last-Event-ID to resume."),
				0, true));
		this.runtime.scheduler.schedule(this::close, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * The instance is stopping: once the stream has started, a {@code shutdown} notice
	 * and the stream closes, so that the client reconnects (to another instance) with its
	 * cursor.
	 */
	void shutDown() {
		this.shuttingDown = true;
		if (this.attached) {
			sayShutdown();
		}
	}

	private void sayShutdown() {
		if (this.dropping || this.closed.get() || !this.shutdownSaid.compareAndSet(false, true)) {
			return;
		}
		this.dropping = true;
		this.pending.add(new Outgoing(this.runtime.format.notice("shutdown",
				"This instance is shutting down; reconnect with Last-Event-ID to resume."), 0, true));
		wake();
	}

	void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.async.complete();
		}
		catch (RuntimeException ex) {
			// Already completed by the container: nothing left to close.
		}
		if (this.onClose != null) {
			this.onClose.run();
		}
	}

	@Override
	public void onError(Throwable failure) {
		close();
	}

	@Override
	public void onComplete(AsyncEvent event) {
		close();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		close();
	}

	@Override
	public void onError(AsyncEvent event) {
		close();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

}
