package io.runctl.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * One open monitor stream. Reads its watcher's feed at its own pace and writes it with
 * non-blocking servlet I/O, so a client that does not read never holds a thread, the
 * watcher or the other streams. One that falls too far behind gets a notice and is
 * closed; it reconnects with its cursor.
 */
final class StreamSubscriber implements WriteListener, AsyncListener {

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

	private volatile Cursor lastCursor = Cursor.START;

	private volatile @Nullable Runnable whenWritten;

	private volatile long lastKeepAlive = System.nanoTime();

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

	/** Starts writing to the response once {@link RunWatcher#attach} gave it a start. */
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

	void begin(byte[] status, Cursor after, long tail, long head) {
		this.pending.add(new Outgoing(SseFormat.RETRY, 0, false));
		this.pending.add(new Outgoing(status, 0, false));
		this.lastCursor = after;
		this.position = tail;
		this.attachSeq = head;
		this.attached = true;
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

	/** Called by the scheduler: the keep-alive and the stream's own deadline. */
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
		else if (now - this.lastKeepAlive >= keepAliveNanos) {
			this.lastKeepAlive = now;
			this.pending.add(new Outgoing(SseFormat.KEEP_ALIVE, 0, false));
			signal();
		}
	}

	/** Something new to write: writes it from a writer thread unless already writing. */
	void signal() {
		if (admit()) {
			wake();
		}
	}

	/**
	 * Something new to write, told on a writer thread: writes it on this thread unless
	 * already writing. Never blocks: what the client cannot take yet waits for
	 * {@link #onWritePossible()}.
	 */
	void signalHere() {
		if (admit() && this.wip.getAndIncrement() == 0) {
			drain();
		}
	}

	/** Whether there may be something to write; drops a stream too far behind. */
	private boolean admit() {
		if (this.closed.get() || !this.attached) {
			return false;
		}
		if (!this.catchingUp && !this.dropping) {
			long behind = this.watcher.head() - Math.max(this.position, this.attachSeq);
			if (behind > this.runtime.properties.subscriberQueue()) {
				drop();
			}
		}
		return true;
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
				Batch batch = nextBatch();
				if (batch.size > 0) {
					this.out.write(batch.bytes, 0, batch.size);
					this.dirty = true;
					continue;
				}
				if (this.dirty) {
					this.dirty = false;
					this.out.flush();
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
		catch (IOException | RuntimeException ex) {
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

	/** The next bytes to write, in this thread's batch: empty when there are none. */
	private Batch nextBatch() {
		// A writer thread's batch is reused: the container copies what is written before
		// the write returns, so a stream holds no buffer of its own between writes. The
		// container's threads (first write, write after a full socket) take a new one.
		Batch batch = (Thread.currentThread() instanceof MonitorRuntime.Writer writer) ? writer.batch : new Batch();
		batch.reset();
		while (batch.size < BATCH_BYTES && !this.finishing) {
			Outgoing own = this.pending.poll();
			if (own != null) {
				batch.add(own.bytes());
				batch.lines += own.lines();
				this.finishing = own.last();
				continue;
			}
			if (this.catchingUp || this.dropping || !readFeed(batch)) {
				break;
			}
		}
		if (batch.lines > 0) {
			this.runtime.linesDelivered.increment(batch.lines);
		}
		return batch;
	}

	/** Appends the next event of the feed meant for this stream; false when none. */
	private boolean readFeed(Batch batch) {
		RunWatcher feed = this.watcher;
		while (this.position < feed.head()) {
			MonitorEvent event = feed.eventAt(this.position);
			if (event == null) {
				// The feed moved on while this stream replayed it: read on from the
				// upstream.
				feed.catchUp(this);
				return false;
			}
			this.position++;
			switch (event.kind()) {
				case LOG -> {
					if (!this.logs || !event.cursor().isAfter(this.lastCursor)) {
						continue;
					}
					this.lastCursor = event.cursor();
					batch.lines++;
				}
				case STATUS, NOTICE -> {
					if (event.seq() < this.attachSeq) {
						continue;
					}
				}
				case END -> this.finishing = true;
			}
			batch.add(event.bytes());
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

	/** Bytes gathered for one write, and the log lines among them. */
	static final class Batch {

		private byte[] bytes = new byte[BATCH_BYTES + 4096];

		private int size;

		private int lines;

		void reset() {
			this.size = 0;
			this.lines = 0;
			if (this.bytes.length > 2 * BATCH_BYTES) {
				// grown by one very long event: do not keep it
				this.bytes = new byte[BATCH_BYTES + 4096];
			}
		}

		void add(byte[] more) {
			if (this.size + more.length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(2 * this.bytes.length, this.size + more.length));
			}
			System.arraycopy(more, 0, this.bytes, this.size, more.length);
			this.size += more.length;
		}

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
