package io.runctl.platform;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the upstream platform is and how to talk to it.
 *
 * @param baseUrl the platform's address ({@code CLARIFAI_API_BASE}); when blank, the real
 * platform if a token is set, else the built-in sandbox
 * @param pat the personal access token ({@code CLARIFAI_PAT}); never logged or returned
 * @param rateLimit requests per second this instance may spend on the upstream
 * @param timeout the deadline of one upstream call
 * @param connectTimeout the deadline for opening a connection
 */
@ConfigurationProperties("runctl.upstream")
public record PlatformProperties(@Nullable String baseUrl, @Nullable String pat, @DefaultValue("12") double rateLimit,
		@DefaultValue("10s") Duration timeout, @DefaultValue("2s") Duration connectTimeout) {

	static final String CLARIFAI_BASE_URL = "https://api.clarifai.com";

	public boolean hasPat() {
		return this.pat != null && !this.pat.isBlank();
	}

	public boolean hasBaseUrl() {
		return this.baseUrl != null && !this.baseUrl.isBlank();
	}

	/**
	 * Whether the service talks to its built-in sandbox platform: neither a token nor an
	 * address is set.
	 */
	public boolean sandbox() {
		return PlatformTarget.sandbox(this.baseUrl, this.pat);
	}

	@Override
	public String toString() {
		return "PlatformProperties[baseUrl=" + this.baseUrl + ", pat=" + (hasPat() ? "(set)" : "(none)")
				+ ", rateLimit=" + this.rateLimit + ", timeout=" + this.timeout + "]";
	}

}
