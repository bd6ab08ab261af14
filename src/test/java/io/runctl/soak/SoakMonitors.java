package io.runctl.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.runctl.testing.ApiKeys;

/**
 * The soak's monitor subscribers: each follows one run's stream for the whole soak and
 * reconnects with {@code Last-Event-ID} whenever its stream ends (timeout, terminal run),
 * drops, or is closed by the subscriber itself (a random lifetime of 20 to 90 s), so that
 * every reconnect path is taken many times. Each checks that every log line arrives
 * exactly once and in order across all its reconnects: the logs of
 * {@link FlappingUpstream} are made of two-line entries, so the cursor that must follow
 * {@code e.0} is {@code e.1}, and the one after {@code e.1} is {@code (e+1).0}.
 */
final class SoakMonitors {

	private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"/problems/([a-z-]+)\"");

	private static final Pattern KIND = Pattern.compile("\"kind\"\\s*:\\s*\"([a-z-]+)\"");

	private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([a-z-]+)\"");

	/**
	 * A stream silent for this long is reported as hung (keep-alives come every 15 s).
	 */
	private static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(40);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private final List<Subscriber> subscribers = new ArrayList<>();

	private final ExecutorService threads;

	private final AtomicBoolean stopping = new AtomicBoolean();

	final LongAdder lines = new LongAdder();

	final LongAdder duplicates = new LongAdder();

	final LongAdder gaps = new LongAdder();

	final LongAdder statusEvents = new LongAdder();

	final LongAdder keepAlives = new LongAdder();

	final LongAdder connects = new LongAdder();

	final Map<String, LongAdder> notices = new ConcurrentHashMap<>();

	/** Why a stream ended, and what a (re)connect was answered when not a stream. */
	final Map<String, LongAdder> endings = new ConcurrentHashMap<>();

	final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	/** The longest time from asking for a stream to its first event. */
	final LongAccumulator slowestStart = new LongAccumulator(Math::max, 0);

	SoakMonitors(int port, int count, int runs) {
		this.port = port;
		this.threads = Executors.newFixedThreadPool(count + 1);
		for (int i = 0; i < count; i++) {
			this.subscribers.add(new Subscriber(FlappingUpstream.runId(i % runs)));
		}
	}

	void start() {
		this.subscribers.forEach((subscriber) -> this.threads.submit(subscriber::follow));
		this.threads.submit(this::watchdog);
	}

	/** Forgets the counts so far (the warm-up); the cursors are kept. */
	void resetCounts() {
		for (LongAdder adder : List.of(this.lines, this.duplicates, this.gaps, this.statusEvents, this.keepAlives,
				this.connects)) {
			adder.reset();
		}
		this.notices.clear();
		this.endings.clear();
		this.errors.clear();
		this.slowestStart.reset();
	}

	void stop() throws InterruptedException {
		this.stopping.set(true);
		this.subscribers.forEach(Subscriber::abort);
		this.threads.shutdownNow();
		this.threads.awaitTermination(30, TimeUnit.SECONDS);
	}

	/** The lines each subscriber still lacks of its run's log as the upstream has it. */
	long largestLagLines(int upstreamEntries) {
		return this.subscribers.stream()
			.mapToLong((subscriber) -> 2L * upstreamEntries - subscriber.received())
			.max()
			.orElse(0);
	}

	int count() {
		return this.subscribers.size();
	}

	private static void count(Map<String, LongAdder> counts, String key) {
		counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
	}

	static String table(Map<String, LongAdder> counts) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(counts)
			.forEach((key, value) -> text.append("| ").append(key).append(" | ").append(value.sum()).append(" |\n"));
		return text.toString();
	}

	private void watchdog() {
		while (!this.stopping.get()) {
			long now = System.nanoTime();
			for (Subscriber subscriber : this.subscribers) {
				subscriber.check(now);
			}
			try {
				TimeUnit.SECONDS.sleep(1);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** One client that follows one run's monitor for the whole soak. */
	private final class Subscriber {

		private final String run;

		/** The last line received: entry and line; -1 before the first. */
		private int entry = -1;

		private int line = 1;

		private volatile long lastByteAt = System.nanoTime();

		private volatile long closeAt = Long.MAX_VALUE;

		private volatile InputStream open;

		private volatile String closedBecause;

		Subscriber(String run) {
			this.run = run;
		}

		synchronized long received() {
			return 2L * this.entry + this.line + 1;
		}

		void follow() {
			while (!SoakMonitors.this.stopping.get()) {
				String ending = stream();
				if (SoakMonitors.this.stopping.get()) {
					return;
				}
				count(SoakMonitors.this.endings, ending);
				// As an EventSource would: wait a little before reconnecting (retry: 3000
				// after an error; at once after a planned end).
				long pause = ending.startsWith("end") || ending.startsWith("closed by the subscriber") ? 200 : 3000;
				try {
					TimeUnit.MILLISECONDS.sleep(pause + ThreadLocalRandom.current().nextLong(500));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		/** One stream, from the request to its end. */
		private String stream() {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int timeout = 30 + random.nextInt(90);
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + SoakMonitors.this.port + "/runs/" + this.run
						+ "/monitor?monitor_interval=" + (1 + random.nextInt(2)) + "&timeout=" + timeout))
				.timeout(Duration.ofSeconds(30))
				.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH)
				.header("Accept", "text/event-stream")
				.GET();
			synchronized (this) {
				if (this.entry >= 0) {
					request.header("Last-Event-ID", this.entry + "." + this.line);
				}
			}
			SoakMonitors.this.connects.increment();
			long asked = System.nanoTime();
			HttpResponse<InputStream> response;
			try {
				response = SoakMonitors.this.client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			}
			catch (java.net.http.HttpTimeoutException ex) {
				return "connect: no answer within 30 s (hang)";
			}
			catch (IOException ex) {
				return "connect: I/O error " + ex.getClass().getSimpleName();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
			if (response.statusCode() != 200) {
				try (InputStream in = response.body()) {
					Matcher type = TYPE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
					return "connect: " + response.statusCode() + " "
							+ (type.find() ? type.group(1) : "(no problem type)");
				}
				catch (IOException ex) {
					return "connect: " + response.statusCode() + ", body unreadable";
				}
			}
			this.closedBecause = null;
			this.lastByteAt = System.nanoTime();
			this.closeAt = (random.nextInt(3) == 0)
					? System.nanoTime() + TimeUnit.SECONDS.toNanos(20 + random.nextInt(70)) : Long.MAX_VALUE;
			this.open = response.body();
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				return read(in, asked);
			}
			catch (IOException ex) {
				String because = this.closedBecause;
				return (because != null) ? because
						: "dropped: I/O error " + ex.getClass().getSimpleName() + " (" + String.valueOf(ex.getMessage())
							.substring(0, Math.min(60, String.valueOf(ex.getMessage()).length())) + ")";
			}
			finally {
				this.open = null;
			}
		}

		private String read(BufferedReader in, long asked) throws IOException {
			String event = null;
			String id = null;
			String data = null;
			boolean first = true;
			String line;
			while ((line = in.readLine()) != null) {
				this.lastByteAt = System.nanoTime();
				if (!line.isEmpty()) {
					if (line.startsWith(":")) {
						SoakMonitors.this.keepAlives.increment();
					}
					else if (line.startsWith("event:")) {
						event = line.substring(6).strip();
					}
					else if (line.startsWith("id:")) {
						id = line.substring(3).strip();
					}
					else if (line.startsWith("data:")) {
						data = line.substring(5).strip();
					}
					continue;
				}
				if (event == null) {
					continue;
				}
				if (first) {
					first = false;
					SoakMonitors.this.slowestStart.accumulate(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
					if (!event.equals("status")) {
						count(SoakMonitors.this.errors, "stream did not start with a status event");
					}
				}
				switch (event) {
					case "log" -> line(id);
					case "status" -> SoakMonitors.this.statusEvents.increment();
					case "notice" -> count(SoakMonitors.this.notices, group(KIND, data));
					case "end" -> {
						return "end: " + group(REASON, data);
					}
					default -> count(SoakMonitors.this.errors, "unknown event " + event);
				}
				event = null;
				id = null;
				data = null;
			}
			String because = this.closedBecause;
			return (because != null) ? because : "dropped: the server closed the stream without end";
		}

		private synchronized void line(String id) {
			String[] parts = (id != null) ? id.split("\\.") : new String[0];
			if (parts.length != 2) {
				count(SoakMonitors.this.errors, "log event without a cursor");
				return;
			}
			int e = Integer.parseInt(parts[0]);
			int l = Integer.parseInt(parts[1]);
			int nextEntry = (this.line == 1) ? this.entry + 1 : this.entry;
			int nextLine = (this.line == 1) ? 0 : 1;
			if (e == nextEntry && l == nextLine) {
				SoakMonitors.this.lines.increment();
				this.entry = e;
				this.line = l;
			}
			else if (e < nextEntry || (e == nextEntry && l < nextLine)) {
				SoakMonitors.this.duplicates.increment();
			}
			else {
				SoakMonitors.this.gaps.increment();
				count(SoakMonitors.this.errors, "gap: a line was skipped");
				this.entry = e;
				this.line = l;
			}
		}

		/** The watchdog: closes a stream at its planned end, or when it went silent. */
		void check(long now) {
			InputStream in = this.open;
			if (in == null) {
				return;
			}
			if (now - this.closeAt >= 0) {
				this.closedBecause = "closed by the subscriber (planned disconnect)";
				close(in);
			}
			else if (now - this.lastByteAt > SILENCE_NANOS) {
				this.closedBecause = "silent for 40 s (hang)";
				count(SoakMonitors.this.errors, "stream silent for 40 s (hang)");
				close(in);
			}
		}

		void abort() {
			InputStream in = this.open;
			if (in != null) {
				this.closedBecause = "soak over";
				close(in);
			}
		}

		private void close(InputStream in) {
			try {
				in.close();
			}
			catch (IOException ex) {
				// Best effort.
			}
		}

	}

	private static String group(Pattern pattern, String data) {
		Matcher matcher = pattern.matcher((data != null) ? data : "");
		return matcher.find() ? matcher.group(1) : "(none)";
	}

}
