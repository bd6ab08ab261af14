package io.runctl.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code runctl.security.*}: the API keys, the per-key rate limit and CORS.
 *
 * @param apiKeys {@code name:role:sha256hex} entries ({@code RUNCTL_API_KEYS},
 * comma-separated)
 * @param keys the same as structured entries, which may also limit a key to pipelines
 * @param rateLimit the request budget of each key
 * @param cors the browser origins allowed to call the API; none by default
 */
@ConfigurationProperties("runctl.security")
record ApiSecurityProperties(@DefaultValue List<String> apiKeys, @DefaultValue List<Key> keys,
		@DefaultValue RateLimit rateLimit, @DefaultValue Cors cors) {

	/**
	 * One API key.
	 *
	 * @param sha256 the lower-case hex SHA-256 of the key
	 * @param pipelines {@code user_id/app_id[/pipeline_id]} entries the key is limited to
	 */
	record Key(@Nullable String name, @Nullable String role, @Nullable String sha256,
			@DefaultValue List<String> pipelines) {
	}

	/**
	 * A token bucket per key.
	 *
	 * @param requestsPerSecond the sustained rate; 0 or less disables the limit
	 * @param burst how many requests a key may send at once
	 */
	record RateLimit(@DefaultValue("10") double requestsPerSecond, @DefaultValue("20") int burst) {
	}

	record Cors(@DefaultValue List<String> allowedOrigins) {
	}

}
