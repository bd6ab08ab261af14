package io.runctl.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the sandbox platform is served: as {@code runctl.sandbox.enabled} says, else
 * exactly when the client talks to it (no upstream token, no upstream address).
 */
class SandboxRegistrarTests {

	@ParameterizedTest(name = "enabled={0} pat={1} base-url={2} -> {3}")
	@CsvSource(nullValues = "-",
			value = { "-, -, -, true", "-, '', '  ', true", "-, tok, -, false", "-, -, http://127.0.0.1:9, false",
					"-, tok, http://127.0.0.1:9, false", "true, tok, -, true", "' true ', -, http://127.0.0.1:9, true",
					"false, -, -, false", "'', tok, -, false" })
	void servedFollowsTheSwitchElseTheClientsRule(String enabled, String pat, String baseUrl, boolean served) {
		MockEnvironment environment = new MockEnvironment();
		if (enabled != null) {
			environment.setProperty("runctl.sandbox.enabled", enabled);
		}
		if (pat != null) {
			environment.setProperty("runctl.upstream.pat", pat);
		}
		if (baseUrl != null) {
			environment.setProperty("runctl.upstream.base-url", baseUrl);
		}
		assertThat(SandboxRegistrar.served(environment)).isEqualTo(served);
	}

}
