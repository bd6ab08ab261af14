package io.runctl.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Authenticates a presented API key against the {@link ApiKeyRegistry}. Being an
 * {@link AuthenticationProvider} bean also keeps Spring Boot from creating its default
 * user with a generated password.
 */
@Component
class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final ApiKeyRegistry registry;

	ApiKeyAuthenticationProvider(ApiKeyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Object presented = authentication.getCredentials();
		if (!(presented instanceof String key)) {
			throw new BadCredentialsException("No API key");
		}
		return this.registry.find(key)
			.map(ApiKeyAuthentication::new)
			.orElseThrow(() -> new BadCredentialsException("Unknown API key"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthentication.class.isAssignableFrom(authentication);
	}

}
