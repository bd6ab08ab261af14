package io.runctl.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.web.ProblemException;
import io.runctl.web.Problems;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Writes a problem from a security filter, where no controller advice runs. The problem
 * itself is made by {@link Problems}, like every other.
 */
@Component
class ProblemWriter {

	private final JsonMapper json;

	ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	void write(ProblemException problem, HttpServletRequest request, HttpServletResponse response) throws IOException {
		ResponseEntity<ProblemDetail> answer = Problems.render(problem, request);
		response.setStatus(answer.getStatusCode().value());
		answer.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		ProblemDetail detail = answer.getBody();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", String.valueOf(detail.getType()));
		body.put("title", detail.getTitle());
		body.put("status", detail.getStatus());
		body.put("detail", detail.getDetail());
		body.put("instance", String.valueOf(detail.getInstance()));
		if (detail.getProperties() != null) {
			body.putAll(detail.getProperties());
		}
		this.json.writeValue(response.getOutputStream(), body);
	}

}
