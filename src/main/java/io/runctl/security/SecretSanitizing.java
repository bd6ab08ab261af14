package io.runctl.security;

import java.util.regex.Pattern;

import io.runctl.platform.PlatformProperties;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps secrets out of the actuator's env and configprops answers, even for an admin who
 * may see the other values: anything that looks like a credential, any key named
 * {@code pat}, and any value that contains the upstream token.
 */
@Configuration(proxyBeanMethods = false)
class SecretSanitizing {

	private static final Pattern PAT_KEY = Pattern.compile("(?i)(.*[._-])?pat");

	@Bean
	SanitizingFunction secretSanitizer(PlatformProperties upstream) {
		return SanitizingFunction.sanitizeValue()
			.ifLikelySensitive()
			.ifKeyMatches(PAT_KEY)
			.ifKeyContains("api-keys", "apikeys", "api_keys", "sha256")
			.ifValueStringMatches((value) -> upstream.hasPat() && value.contains(upstream.pat()));
	}

}
