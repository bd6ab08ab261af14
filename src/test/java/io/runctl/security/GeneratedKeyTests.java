package io.runctl.security;

import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.runctl.testing.ApiKeys;
import io.runctl.testing.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh install without configured keys: one admin key is generated, printed once, and
 * only its hash is kept. Reads only the main configuration, not the test keys.
 */
@SpringBootTest(properties = { "spring.config.location=classpath:/application.yml",
		"spring.datasource.url=jdbc:h2:mem:generated-key;DB_CLOSE_DELAY=-1",
		"runctl.lock-file=target/no-lock-file.yaml", "runctl.upstream.base-url=http://127.0.0.1:9",
		"runctl.upstream.pat=" + Upstream.PAT })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class GeneratedKeyTests {

	private static final Pattern PRINTED = Pattern.compile("runctl admin API key: (rk_[A-Za-z0-9_-]{43})");

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApiKeyRegistry registry;

	@Test
	void theGeneratedKeyShouldBePrintedOnceWorkAsAdminAndBeKeptOnlyAsAHash(CapturedOutput output) {
		Matcher printed = PRINTED.matcher(output.getAll());
		assertThat(printed.find()).as("the generated key is printed").isTrue();
		String key = printed.group(1);
		assertThat(printed.find()).as("the generated key is printed only once").isFalse();

		assertThat(this.mvc.get().uri("/audit").header(ApiKeys.HEADER, ApiKeys.bearer(key))).hasStatusOk();
		assertThat(this.mvc.get().uri("/actuator/env").header(ApiKeys.HEADER, ApiKeys.bearer(key))).hasStatusOk();
		assertThat(this.mvc.get().uri("/audit").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)).hasStatus(401);

		assertThat(this.registry.keys()).singleElement().satisfies((only) -> {
			assertThat(only.name()).isEqualTo(ApiKeyRegistry.GENERATED_NAME);
			assertThat(only.role()).isEqualTo(Role.ADMIN);
			assertThat(HexFormat.of().formatHex(only.sha256()))
				.isEqualTo(HexFormat.of().formatHex(ApiKeyRegistry.sha256(key)));
			assertThat(only.toString()).doesNotContain(key);
		});
		assertThat(output.getAll()).doesNotContain(Upstream.PAT);
	}

}
