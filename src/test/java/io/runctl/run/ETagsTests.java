package io.runctl.run;

import java.time.Instant;
import java.util.List;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.platform.PlatformRun;
import io.runctl.run.RunControl.ETags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's ETag and the If-Match comparison (RFC 9110 section 13.1.1, strong).
 */
class ETagsTests {

	private static final PipelineCoordinates PIPELINE = new PipelineCoordinates("u", "a", "p", "v");

	private static final Instant MODIFIED = Instant.parse("2026-04-23T13:41:25.100200Z");

	@Test
	void etagShouldBeAQuotedStrongTag() {
		assertThat(run(64001, MODIFIED).etag()).matches("\"[0-9a-f]{20}\"");
	}

	@Test
	void etagShouldStayTheSameForTheSameVersion() {
		assertThat(run(64001, MODIFIED).etag()).isEqualTo(run(64001, MODIFIED).etag());
	}

	@Test
	void etagShouldChangeWithStateOrModifiedAt() {
		String etag = run(64001, MODIFIED).etag();
		assertThat(run(64008, MODIFIED).etag()).isNotEqualTo(etag);
		assertThat(run(64001, MODIFIED.plusMillis(1)).etag()).isNotEqualTo(etag);
		assertThat(run(64001, null).etag()).isNotEqualTo(etag);
	}

	@Test
	void matchesShouldCompareStrongly() {
		assertThat(ETags.matches("\"abc\"", "\"abc\"")).isTrue();
		assertThat(ETags.matches("\"abd\"", "\"abc\"")).isFalse();
		assertThat(ETags.matches("abc", "\"abc\"")).isFalse();
		assertThat(ETags.matches("W/\"abc\"", "\"abc\"")).as("weak tags never match If-Match").isFalse();
	}

	@Test
	void matchesShouldAcceptAnyTagOfAList() {
		assertThat(ETags.matches("\"x\", \"abc\"", "\"abc\"")).isTrue();
		assertThat(ETags.matches("\"x\",\"y\"", "\"abc\"")).isFalse();
	}

	@Test
	void starShouldMatchAnyRun() {
		assertThat(ETags.matches("*", "\"abc\"")).isTrue();
		assertThat(ETags.matches(" * ", "\"abc\"")).isTrue();
	}

	private static Run run(int code, Instant modified) {
		PlatformRun platform = new PlatformRun("r1", "u", "a", null, null, code, null, null, null, modified, null, null,
				null);
		Run run = Run.of(PIPELINE.run("r1"), platform);
		assertThat(run.allowedActions()).isInstanceOf(List.class);
		return run;
	}

}
