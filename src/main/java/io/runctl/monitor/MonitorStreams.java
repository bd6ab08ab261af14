package io.runctl.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.pipeline.RunCoordinates;
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

	private final Watchers watchers;

	private final MonitorRuntime runtime;

	private final JsonMapper json;

	MonitorStreams(Watchers watchers, MonitorRuntime runtime, JsonMapper json) {
		this.watchers = watchers;
		this.runtime = runtime;
		this.json = json;
	}

	void open(RunCoordinates run, MonitorOptions options, @Nullable String lastEventId, HttpServletRequest request) {
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
		if (watcher.first().isDone()) {
			// Usual for a watched run: start on the request's own thread.
			watcher.first()
				.whenComplete((found, failure) -> start(watcher, subscriber, after, failure, async, request, response));
			return;
		}
		watcher.first()
			.whenCompleteAsync((found, failure) -> start(watcher, subscriber, after, failure, async, request, response),
					this.runtime.writers);
	}

	private void start(RunWatcher watcher, StreamSubscriber subscriber, @Nullable Cursor after,
			@Nullable Throwable failure, AsyncContext async, HttpServletRequest request, HttpServletResponse response) {
		if (failure != null) {
			answerProblem((failure instanceof CompletionException) ? failure.getCause() : failure, request, response);
			subscriber.close();
			return;
		}
		try {
			response.setStatus(HttpServletResponse.SC_OK);
			response.setContentType("text/event-stream");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			watcher.attach(subscriber, (after != null) ? after : Cursor.START);
			if (after == null) {
				subscriber.pushNotice(this.runtime.format.notice("gap",
						"Last-Event-ID is not a cursor of this stream; replaying the log from its start."));
			}
			subscriber.open(response.getOutputStream());
		}
		catch (IOException | RuntimeException ex) {
			subscriber.close();
		}
	}

	private void answerProblem(Throwable failure, HttpServletRequest request, HttpServletResponse response) {
		ResponseEntity<ProblemDetail> problem = Problems.render(failure, request);
		try {
			response.setStatus(problem.getStatusCode().value());
			problem.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
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
			response.getOutputStream().write(this.json.writeValueAsBytes(fields));
			response.flushBuffer();
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone: nobody to answer.
		}
	}

}
