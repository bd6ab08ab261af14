package io.runctl.platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where upstream calls go: the configured address, Clarifai when only a token is set, or
 * the built-in sandbox served by this very process (its port is known only once the
 * server has started).
 */
@Component
public class PlatformTarget {

	/** The path prefix under which the built-in sandbox platform is served. */
	public static final String SANDBOX_PREFIX = "/sandbox";

	/** The token sent to the built-in sandbox, which has no secret to protect. */
	public static final String SANDBOX_TOKEN = "sandbox";

	private final PlatformProperties properties;

	private final Environment environment;

	private final byte[] patBytes;

	private volatile @Nullable String sandboxBaseUrl;

	PlatformTarget(PlatformProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
		this.patBytes = properties.hasPat() ? properties.pat().getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	public boolean sandbox() {
		return this.properties.sandbox();
	}

	/** The base URL every upstream path is appended to, without a trailing slash. */
	public String baseUrl() {
		if (this.properties.hasBaseUrl()) {
			return stripSlash(this.properties.baseUrl());
		}
		if (this.properties.hasPat()) {
			return PlatformProperties.CLARIFAI_BASE_URL;
		}
		String cached = this.sandboxBaseUrl;
		if (cached == null) {
			String port = this.environment.getProperty("local.server.port",
					this.environment.getProperty("server.port", "8080"));
			cached = "http://127.0.0.1:" + port + SANDBOX_PREFIX;
			if (this.environment.containsProperty("local.server.port")) {
				this.sandboxBaseUrl = cached;
			}
		}
		return cached;
	}

	String authorization() {
		return "Key " + (this.properties.hasPat() ? this.properties.pat() : SANDBOX_TOKEN);
	}

	/**
	 * Removes the token from text that came from elsewhere, in case the upstream echoes
	 * it.
	 */
	@Nullable String redact(@Nullable String text) {
		if (text == null || !this.properties.hasPat()) {
			return text;
		}
		return text.replace(this.properties.pat(), "[redacted]");
	}

	/**
	 * Removes the token from a whole upstream body before it is read, so that no field of
	 * it (a run's status description, a history message) can carry it further.
	 */
	byte[] redact(byte[] body) {
		if (body.length == 0 || !this.properties.hasPat()) {
			return body;
		}
		if (!contains(body, this.patBytes)) {
			return body;
		}
		return redact(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Whether the body holds the token's bytes: a byte search, no decoding per answer.
	 */
	private static boolean contains(byte[] body, byte[] token) {
		int last = body.length - token.length;
		byte first = token[0];
		for (int i = 0; i <= last; i++) {
			if (body[i] == first && Arrays.equals(body, i, i + token.length, token, 0, token.length)) {
				return true;
			}
		}
		return false;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
