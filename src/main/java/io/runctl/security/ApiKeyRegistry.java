package io.runctl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The API keys this instance accepts, as hashes. When none is configured, one admin key
 * is generated at start-up and printed once; only its hash is kept.
 */
@Component
class ApiKeyRegistry {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyRegistry.class);

	static final String GENERATED_NAME = "generated-admin";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private final List<ApiKey> keys;

	ApiKeyRegistry(ApiSecurityProperties properties) {
		List<ApiKey> configured = configured(properties);
		this.keys = configured.isEmpty() ? List.of(generate()) : List.copyOf(configured);
	}

	/**
	 * The key whose hash matches the presented key. Every configured hash is compared, in
	 * constant time, so the answer takes as long whichever key matches or none does.
	 */
	Optional<ApiKey> find(String presented) {
		byte[] hash = sha256(presented);
		ApiKey found = null;
		for (ApiKey key : this.keys) {
			if (MessageDigest.isEqual(key.sha256(), hash) && found == null) {
				found = key;
			}
		}
		return Optional.ofNullable(found);
	}

	List<ApiKey> keys() {
		return this.keys;
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static ApiKey generate() {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String key = "rk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		log.warn("No API key is configured (runctl.security.api-keys / RUNCTL_API_KEYS), so an admin key was "
				+ "generated. It is shown only now and only its hash is kept: runctl admin API key: {}", key);
		return new ApiKey(GENERATED_NAME, Role.ADMIN, sha256(key), List.of());
	}

	private static List<ApiKey> configured(ApiSecurityProperties properties) {
		List<ApiKey> keys = new ArrayList<>();
		for (String entry : properties.apiKeys()) {
			if (!entry.isBlank()) {
				String[] parts = entry.strip().split(":", -1);
				if (parts.length != 3) {
					throw new IllegalArgumentException(
							"runctl.security.api-keys entries must be name:role:sha256hex (one entry is malformed)");
				}
				keys.add(key(parts[0], parts[1], parts[2], List.of()));
			}
		}
		for (ApiSecurityProperties.Key key : properties.keys()) {
			keys.add(key(key.name(), key.role(), key.sha256(), key.pipelines()));
		}
		Set<String> names = new HashSet<>();
		for (ApiKey key : keys) {
			if (!names.add(key.name())) {
				throw new IllegalArgumentException("API key name '" + key.name() + "' is configured twice");
			}
		}
		return keys;
	}

	private static ApiKey key(@Nullable String name, @Nullable String role, @Nullable String sha256,
			List<String> pipelines) {
		if (name == null || !NAME.matcher(name.strip()).matches()) {
			throw new IllegalArgumentException(
					"An API key name must be 1 to 64 letters, digits or ._@- characters, not '" + name + "'");
		}
		String hash = (sha256 != null) ? sha256.strip().toLowerCase(java.util.Locale.ROOT) : "";
		if (!SHA256_HEX.matcher(hash).matches()) {
			throw new IllegalArgumentException("API key '" + name + "' needs a 64-character hex SHA-256 hash");
		}
		if (role == null) {
			throw new IllegalArgumentException("API key '" + name + "' needs a role");
		}
		List<PipelineScope> scopes = pipelines.stream().filter((p) -> !p.isBlank()).map(PipelineScope::parse).toList();
		return new ApiKey(name.strip(), Role.of(role), HexFormat.of().parseHex(hash), scopes);
	}

}
