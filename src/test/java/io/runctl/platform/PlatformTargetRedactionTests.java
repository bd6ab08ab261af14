package io.runctl.platform;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token is taken out of every upstream body before it is read, however the upstream
 * wrote it inside its JSON strings.
 */
class PlatformTargetRedactionTests {

	private static final String HEX_PAT = "9f3c2a7e5b1d4c8a9e0f1a2b3c4d5e6f";

	private static final String ODD_PAT = "pat/with+slash\"quote";

	@Test
	void aHexTokenShouldBeFoundByItsBytes() {
		PlatformTarget target = target(HEX_PAT);
		byte[] echo = bytes("{\"status\":{\"code\":11102,\"details\":\"key " + HEX_PAT + " refused\"}}");

		assertThat(text(target.redact(echo))).doesNotContain(HEX_PAT).contains("key [redacted] refused");
	}

	@Test
	void aBodyWithoutTheTokenShouldBeLeftAsItIs() {
		byte[] body = bytes("{\"status\":{\"code\":10000,\"description\":\"a \\\"quoted\\\" \\/ line\"}}");

		assertThat(target(HEX_PAT).redact(body)).isSameAs(body);
		assertThat(target(ODD_PAT).redact(body)).isSameAs(body);
	}

	@Test
	void aTokenTheUpstreamEscapedShouldBeRedactedInEveryString() {
		PlatformTarget target = target(ODD_PAT);
		String escapedSlash = "pat\\/with+slash\\\"quote";
		String unicode = "pat\\u002fwith\\u002Bslash\\u0022quote";
		byte[] body = bytes("{\"status\":{\"code\":10000,\"details\":\"key " + escapedSlash + " refused\"},"
				+ "\"log_entries\":[{\"message\":\"" + unicode + "\",\"page\":1},[\"" + escapedSlash + "\"]]}");

		JsonNode read = JsonMapper.shared().readTree(target.redact(body));

		assertThat(read.toString()).doesNotContain(ODD_PAT).doesNotContain("with+slash");
		assertThat(read.at("/status/details").asString()).isEqualTo("key [redacted] refused");
		assertThat(read.at("/status/code").asInt()).isEqualTo(10000);
		assertThat(read.at("/log_entries/0/message").asString()).isEqualTo("[redacted]");
		assertThat(read.at("/log_entries/0/page").asInt()).isEqualTo(1);
		assertThat(read.at("/log_entries/1/0").asString()).isEqualTo("[redacted]");
	}

	@Test
	void aBodyThatIsOneEscapedStringShouldBeRedactedToo() {
		byte[] body = bytes("\"key pat\\/with+slash\\\"quote\"");

		assertThat(JsonMapper.shared().readTree(target(ODD_PAT).redact(body)).asString()).isEqualTo("key [redacted]");
	}

	@Test
	void aBodyThatIsNoJsonShouldStillLoseTheTokenWrittenAsItIs() {
		byte[] body = bytes("<html>key " + ODD_PAT + " \\ refused</html>");

		assertThat(text(target(ODD_PAT).redact(body))).isEqualTo("<html>key [redacted] \\ refused</html>");
	}

	private static PlatformTarget target(String pat) {
		return new PlatformTarget(
				new PlatformProperties("http://127.0.0.1:9", pat, 12, Duration.ofSeconds(10), Duration.ofSeconds(2)),
				new MockEnvironment());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
