package io.runctl.platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

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

	private static final byte[] BACKSLASH = { '\\' };

	private final PlatformProperties properties;

	private final Environment environment;

	private final byte[] patBytes;

	/** Whether the token reads the same inside a JSON string however it is written. */
	private final boolean patNeverEscaped;

	private volatile @Nullable String sandboxBaseUrl;

	PlatformTarget(PlatformProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
		this.patBytes = properties.hasPat() ? properties.pat().getBytes(StandardCharsets.UTF_8) : new byte[0];
		this.patNeverEscaped = !properties.hasPat() || properties.pat().chars().allMatch(PlatformTarget::neverEscaped);
	}

	public boolean sandbox() {
		return this.properties.sandbox();
	}

	/**
	 * Whether a service configured so talks to its built-in sandbox platform: neither an
	 * upstream address nor a token is set. For code that runs before the properties are
	 * bound (the sandbox's bean registrar); {@link PlatformProperties#sandbox()} applies
	 * the same rule.
	 * @param baseUrl the value of {@code runctl.upstream.base-url}, if any
	 * @param pat the value of {@code runctl.upstream.pat}, if any
	 * @return whether the upstream is the built-in sandbox
	 */
	public static boolean sandbox(@Nullable String baseUrl, @Nullable String pat) {
		return !StringUtils.hasText(baseUrl) && !StringUtils.hasText(pat);
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
	 * <p>
	 * A token of letters, digits and {@code -._~} (Clarifai's are hex) is written the
	 * same inside a JSON string, so a byte search finds it. Any other character may be
	 * written escaped (a slash as {@code \/}, any character as a Unicode escape), so for
	 * such a token a body with escapes in it is read as JSON and its strings are redacted
	 * one by one.
	 */
	byte[] redact(byte[] body) {
		if (body.length == 0 || !this.properties.hasPat()) {
			return body;
		}
		byte[] redacted = contains(body, this.patBytes)
				? redact(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : body;
		if (this.patNeverEscaped || !contains(redacted, BACKSLASH)) {
			return redacted;
		}
		return redactStrings(redacted);
	}

	private byte[] redactStrings(byte[] body) {
		JsonNode tree;
		try {
			tree = JsonMapper.shared().readTree(body);
		}
		catch (JacksonException notJson) {
			// Not JSON: nothing in it is unescaped when it is read, so the byte
			// search was enough.
			return body;
		}
		JsonNode root = redacted(tree);
		if (root != null) {
			return JsonMapper.shared().writeValueAsBytes(root);
		}
		return redactStringsIn(tree) ? JsonMapper.shared().writeValueAsBytes(tree) : body;
	}

	/**
	 * Redacts the strings under an object or array in place; whether one held the token.
	 */
	private boolean redactStringsIn(JsonNode container) {
		boolean changed = false;
		if (container instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> property : new ArrayList<>(object.properties())) {
				JsonNode redacted = redacted(property.getValue());
				if (redacted != null) {
					object.set(property.getKey(), redacted);
				}
				changed |= redacted != null || redactStringsIn(property.getValue());
			}
		}
		else if (container instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode redacted = redacted(array.get(i));
				if (redacted != null) {
					array.set(i, redacted);
				}
				changed |= redacted != null || redactStringsIn(array.get(i));
			}
		}
		return changed;
	}

	/**
	 * The string without the token, or {@code null} when the node is no string holding
	 * it.
	 */
	private @Nullable JsonNode redacted(JsonNode node) {
		if (!node.isString() || !node.asString().contains(this.properties.pat())) {
			return null;
		}
		return StringNode.valueOf(redact(node.asString()));
	}

	/**
	 * Whether a character of the token is written as itself inside any JSON string: one
	 * that no encoder escapes.
	 */
	private static boolean neverEscaped(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
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
