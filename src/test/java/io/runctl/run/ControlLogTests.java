package io.runctl.run;

import java.util.List;

import io.runctl.testing.Upstream;
import io.runctl.testing.UpstreamWebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One log line per control action: action, run, previous and new state, outcome, request
 * id and reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class ControlLogTests extends UpstreamWebTest {

	@Test
	void changedActionShouldLogOneLineWithEverything(CapturedOutput output) {
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));

		assertThat(this.mvc.post()
			.uri(control("pause"))
			.header("X-Request-Id", "log-req-1")
			.contentType("application/json")
			.content("{\"reason\": \"GPU quota\\nforged=line\"}")).hasStatusOk();

		List<String> lines = controlLines(output, "log-req-1");
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).contains("action=pause",
				"run=acme-user/pipelines-app/hello-world-pipeline/" + Upstream.VERSION + "/runs/" + Upstream.RUN,
				"previous_state=RUNNING", "new_state=PAUSED", "outcome=changed", "request_id=log-req-1",
				"reason=\"GPU quota forged=line\"");
	}

	@Test
	void refusedActionShouldLogItsOutcomeAndTheCurrentState(CapturedOutput output) {
		Upstream.runIs(upstream, 64002, "Completed");

		assertThat(this.mvc.post().uri(control("resume")).header("X-Request-Id", "log-req-2")).hasStatus(409);

		List<String> lines = controlLines(output, "log-req-2");
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).contains("action=resume", "previous_state=COMPLETED", "outcome=invalid_transition");
	}

	@Test
	void unchangedAndDryRunActionsShouldSaySo(CapturedOutput output) {
		Upstream.runIs(upstream, 64008, "Paused");
		assertThat(this.mvc.post().uri(control("pause")).header("X-Request-Id", "log-req-3")).hasStatusOk();
		assertThat(this.mvc.post().uri(control("cancel") + "&dry_run=true").header("X-Request-Id", "log-req-4"))
			.hasStatusOk();

		assertThat(controlLines(output, "log-req-3")).singleElement().asString().contains("outcome=unchanged");
		assertThat(controlLines(output, "log-req-4")).singleElement()
			.asString()
			.contains("outcome=dry_run", "dry_run=true", "new_state=CANCELLED");
	}

	private static List<String> controlLines(CapturedOutput output, String requestId) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("control action=") && line.contains("request_id=" + requestId + " "))
			.toList();
	}

}
