package io.runctl.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /problems/<slug>}: a short page about each problem type, so that a problem's
 * {@code type} resolves to something a person can read.
 */
@RestController
@Tag(name = "problems", description = "Human-readable pages for every problem type")
class ProblemPageController {

	@GetMapping("/problems/{slug}")
	@Operation(summary = "Describe a problem type",
			description = "Answers a short page about the problem type named by its slug; 404 not-found for unknown slugs.")
	@ApiResponse(responseCode = "200", description = "A short HTML page about the problem type", content = @Content(
			mediaType = "text/html", schema = @Schema(type = "string"),
			examples = @ExampleObject(name = "invalid-transition",
					value = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Invalid transition"
							+ "</title></head><body><main><h1>Invalid transition</h1><p>HTTP status <strong>409"
							+ "</strong>, type <code>/problems/invalid-transition</code></p><p>…</p></main></body></html>")))
	@ProblemResponses(ProblemType.NOT_FOUND)
	ResponseEntity<String> describe(@Parameter(description = "The problem type's slug",
			example = "invalid-transition") @PathVariable("slug") String slug) {
		ProblemType type = ProblemType.ofSlug(slug)
			.orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "There is no problem type '" + slug + "'."));
		String page = """
				<!doctype html>
				<html lang="en"><head><meta charset="utf-8"><title>%1$s</title></head>
				<body><main><h1>%1$s</h1><p>HTTP status <strong>%2$d</strong>, type <code>%3$s</code></p>
				<p>%4$s</p><p><a href="/swagger-ui.html">API documentation</a></p></main></body></html>
				""".formatted(HtmlUtils.htmlEscape(type.title()), type.status().value(), type.uri(),
				HtmlUtils.htmlEscape(type.description()));
		return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(page);
	}

}
