package io.runctl.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;
import io.runctl.web.Problems;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * Opens monitor streams: joins the run's watcher, and once the watcher has seen the run
 * either starts the stream or, when the first look failed (unknown run, upstream down),
 * answers an ordinary problem instead; nothing of the stream was sent by then.
 */
@Service
class MonitorStreams {

	private static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(1);

	private final Watchers watchers;

	private final MonitorRuntime runtime;

	private final JsonMapper json;

	MonitorStreams(Watchers watchers, MonitorRuntime runtime, JsonMapper json) {
		this.watchers = watchers;
		this.runtime = runtime;
		this.json = json;
	}

	void open(RunCoordinates run, MonitorOptions options, @Nullable String lastEventId, HttpServletRequest request)
			throws IOException {
		if (!this.watchers.isRunning()) {
			throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
					"This instance is shutting down; open the stream again (another instance will answer).", Map.of(),
					SHUTDOWN_RETRY_AFTER, null);
		}
		Cursor after = (lastEventId != null && !lastEventId.isBlank()) ? Cursor.parse(lastEventId).orElse(null)
				: Cursor.START;
		// The container's own response, not the MVC wrapper that expects MVC to finish
		// it.
		AsyncContext async = request.startAsync();
		async.setTimeout(0);
		HttpServletResponse response = (HttpServletResponse) async.getResponse();
		// Set now, on the request's thread, so that no filter adds its own cache headers.
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		StreamSubscriber subscriber = new StreamSubscriber(async, this.runtime, options.interval(), options.logs(),
				options.timeout());
		RunWatcher watcher = this.watchers.join(run, subscriber);
		// Nothing is written before the container calls the write listener, which it does
		// once this thread has left the filters: no two threads touch the response at
		// once.
		subscriber.open(response);
		watcher.first().whenComplete((found, failure) -> start(watcher, subscriber, after, failure, request));
	}

	private void start(RunWatcher watcher, StreamSubscriber subscriber, @Nullable Cursor after,
			@Nullable Throwable failure, HttpServletRequest request) {
		if (failure != null) {
			subscriber
				.answer(problem((failure instanceof CompletionException) ? failure.getCause() : failure, request));
			return;
		}
		watcher.attach(subscriber, (after != null) ? after : Cursor.START);
		if (after == null) {
			subscriber.pushNotice(this.runtime.format.notice("gap",
					"Last-Event-ID is not a cursor of this stream; replaying the log from its start."));
		}
		subscriber.answer(StreamSubscriber.Prologue.STREAM);
	}

	private StreamSubscriber.Prologue problem(Throwable failure, HttpServletRequest request) {
		ResponseEntity<ProblemDetail> problem = Problems.render(failure, request);
		ProblemDetail body = problem.getBody();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("type", String.valueOf(body.getType()));
		fields.put("title", body.getTitle());
		fields.put("status", body.getStatus());
		fields.put("detail", body.getDetail());
		fields.put("instance", (body.getInstance() != null) ? body.getInstance().toString() : null);
		if (body.getProperties() != null) {
			fields.putAll(body.getProperties());
		}
		return new StreamSubscriber.Prologue(problem.getStatusCode().value(), problem.getHeaders(),
				this.json.writeValueAsBytes(fields));
	}

}
