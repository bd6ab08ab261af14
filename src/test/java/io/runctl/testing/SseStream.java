package io.runctl.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client for one Server-Sent Events stream over real HTTP: reads it on its own
 * thread into a queue of events (comments included). Always finite: every wait has a
 * deadline and {@link #close()} aborts the stream.
 */
public final class SseStream implements AutoCloseable {

	/**
	 * One event; a comment has event {@code ":"}, the end of the stream {@code "eof"}.
	 */
	public record Event(String event, String id, String data) {

		public boolean is(String name) {
			return this.event.equals(name);
		}

	}

	private final HttpResponse<InputStream> response;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final List<Event> seen = new ArrayList<>();

	private final Thread reader;

	private final String body;

	private SseStream(HttpResponse<InputStream> response) {
		this.response = response;
		this.reader = new Thread(this::read, "sse-test-reader");
		this.reader.setDaemon(true);
		boolean stream = response.headers()
			.firstValue("Content-Type")
			.map((type) -> type.startsWith("text/event-stream"))
			.orElse(false);
		this.body = stream ? null : readAll(response);
		if (stream) {
			this.reader.start();
		}
	}

	private static String readAll(HttpResponse<InputStream> response) {
		try (InputStream in = response.body()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Reading a " + response.statusCode() + " answer " + response.headers().map() + " failed", ex);
		}
	}

	public static SseStream open(String url, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/event-stream")
			.GET();
		if (!headers.containsKey(ApiKeys.HEADER)) {
			request.header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH);
		}
		headers.forEach(request::header);
		try {
			// One connection per stream, as an EventSource has.
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
			return new SseStream(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
				.get(30, TimeUnit.SECONDS));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not open " + url, ex);
		}
	}

	/** Opens a stream with the viewer's API key. */
	public static SseStream open(String url) {
		return open(url, Map.of());
	}

	public int status() {
		return this.response.statusCode();
	}

	public HttpHeaders headers() {
		return this.response.headers();
	}

	/** The whole body, for a response that is not a stream (a problem). */
	public String body() {
		if (this.body == null) {
			throw new IllegalStateException("The response is a stream");
		}
		return this.body;
	}

	/** The next event, comments included; fails after the timeout. */
	public Event next(Duration timeout) {
		Event event = poll(timeout);
		if (event == null) {
			throw new AssertionError("No event within " + timeout + "; seen so far: " + tail());
		}
		return event;
	}

	/**
	 * The next event, comments included, or {@code null} when none came within the
	 * timeout.
	 */
	public Event poll(Duration timeout) {
		try {
			Event event = this.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (event != null) {
				this.seen.add(event);
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Events (comments left out) up to and including the first that matches. */
	public List<Event> until(Predicate<Event> last, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Event> collected = new ArrayList<>();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new AssertionError("No matching event within " + timeout + "; got " + collected.size()
						+ " events, last ones: " + tail());
			}
			Event event = next(Duration.ofNanos(left));
			if (event.is(":")) {
				continue;
			}
			collected.add(event);
			if (last.test(event)) {
				return collected;
			}
			if (event.is("eof")) {
				throw new AssertionError("Stream ended before a matching event: " + tail());
			}
		}
	}

	private List<Event> tail() {
		return this.seen.subList(Math.max(0, this.seen.size() - 5), this.seen.size());
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String event = "message";
			String id = "";
			StringBuilder data = null;
			String line;
			while ((line = in.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null) {
						this.events.add(new Event(event, id, data.toString()));
					}
					event = "message";
					id = "";
					data = null;
				}
				else if (line.startsWith(":")) {
					this.events.add(new Event(":", "", line.substring(1).strip()));
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("data:")) {
					String value = line.substring(5);
					value = value.startsWith(" ") ? value.substring(1) : value;
					data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
				}
				else if (line.startsWith("retry:")) {
					this.events.add(new Event("retry", "", line.substring(6).strip()));
				}
			}
		}
		catch (IOException ex) {
			// Aborted by close() or by the server.
		}
		this.events.add(new Event("eof", "", ""));
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			// Closing is best effort.
		}
		this.reader.interrupt();
	}

}
