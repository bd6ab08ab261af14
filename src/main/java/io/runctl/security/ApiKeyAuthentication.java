package io.runctl.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated by an API key; its name is the key's name, the actor in the
 * audit trail. Before authentication it carries the presented key, which is dropped
 * afterwards.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final @Nullable ApiKey key;

	private @Nullable String presented;

	private ApiKeyAuthentication(String presented) {
		super(List.of());
		this.key = null;
		this.presented = presented;
	}

	ApiKeyAuthentication(ApiKey key) {
		super(key.role().authorities());
		this.key = key;
		setAuthenticated(true);
	}

	static ApiKeyAuthentication unauthenticated(String presented) {
		return new ApiKeyAuthentication(presented);
	}

	@Nullable ApiKey key() {
		return this.key;
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.presented;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return this.key;
	}

	@Override
	public String getName() {
		return (this.key != null) ? this.key.name() : "";
	}

	@Override
	public void eraseCredentials() {
		this.presented = null;
	}

}
