package io.runctl.monitor;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.run.RunService;
import io.runctl.web.ProblemResponses;
import io.runctl.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /runs/{run_id}/monitor}: a run's status and log as Server-Sent Events.
 */
@RestController
@RequestMapping("/runs")
@Tag(name = "monitor", description = "Follow a run's status and log live")
class MonitorController {

	static final String DESCRIPTION = """
			Server-Sent Events: `retry: 3000`, then `event: status` with the run (always first, also on reconnect); \
			`event: log` per log line (`data: {"line","raw","level","at","entry"}`, `id: <entry>.<line>`) in upstream \
			order, every line once; `event: status` again when the state changes; `event: notice` \
			(`{"message","kind"}`, kind `upstream-retry`, `interval-stretched`, `gap`, `slow-subscriber` or `shutdown`); \
			`event: end` (`{"reason":"terminal"|"timeout","run"}`) and the server closes. On a terminal state \
			(COMPLETED, FAILED, UNEXPECTED_ERROR, CANCELLED) every remaining log line comes before `end`; a PAUSED \
			run keeps the stream open. A stream is never silent for more than 15 s: a `: keep-alive` comment \
			fills a silence. Reconnect with `Last-Event-ID: <cursor>` to resume with the next line. One poller per run serves every stream of it, \
			at the smallest monitor_interval asked; when the upstream rate budget is short the interval stretches \
			(notice `interval-stretched`). A stream that cannot keep up is closed after a `slow-subscriber` notice \
			and should reconnect with its cursor; so is every stream when the instance shuts down (notice `shutdown`; \
			while it stops, new streams answer 503 service-unavailable). Problems found before the stream starts (400, 401, 403, 404, \
			502-504) are ordinary problem+json answers.""";

	private final MonitorStreams streams;

	private final RunService runs;

	MonitorController(MonitorStreams streams, RunService runs) {
		this.streams = streams;
		this.runs = runs;
	}

	/**
	 * What GET would answer, without a stream: the same checks and the run looked up
	 * once, then the stream's headers and no body. A HEAD that opened a stream would hold
	 * a subscriber and the run's poller until the stream's timeout, since nothing it
	 * writes reaches the client and the client's leaving goes unnoticed.
	 */
	@RequestMapping(path = "/{run_id}/monitor", method = RequestMethod.HEAD)
	@Operation(hidden = true)
	Mono<ResponseEntity<Void>> monitorHead(@Parameter(hidden = true) RunCoordinates run,
			@RequestParam(name = "timeout", defaultValue = "3600") int timeout,
			@RequestParam(name = "monitor_interval", defaultValue = "10") int monitorInterval,
			@RequestParam(name = "logs", defaultValue = "true") boolean logs) {
		MonitorOptions.of(timeout, monitorInterval, logs);
		return this.runs.get(run)
			.map((found) -> ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.header("Cache-Control", "no-cache")
				.header("X-Accel-Buffering", "no")
				.build());
	}

	@GetMapping(path = "/{run_id}/monitor", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "monitorRun", summary = "Stream a run's status and log (SSE)", description = DESCRIPTION)
	@ProblemResponses(value = { ProblemType.MISSING_PARAMETERS, ProblemType.INVALID_PARAMETER,
			ProblemType.RUN_NOT_FOUND, ProblemType.SERVICE_UNAVAILABLE }, upstream = true)
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(type = "string", example = "retry: 3000\n\nevent: status\ndata: {...}\n\n")))
	void monitor(@Parameter(hidden = true) RunCoordinates run,
			@Parameter(description = "Seconds before the stream ends with reason timeout, 1 to 86400") @RequestParam(
					name = "timeout", defaultValue = "3600") int timeout,
			@Parameter(description = "Seconds between polls of the upstream, 1 to 3600") @RequestParam(
					name = "monitor_interval", defaultValue = "10") int monitorInterval,
			@Parameter(description = "Whether to stream log lines") @RequestParam(name = "logs",
					defaultValue = "true") boolean logs,
			@Parameter(description = "The cursor of the last log line received, to resume after it") @RequestHeader(
					name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			HttpServletRequest request) throws IOException {
		this.streams.open(run, MonitorOptions.of(timeout, monitorInterval, logs), lastEventId, request);
	}

}
