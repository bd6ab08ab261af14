package io.runctl.sandbox;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Whether this instance serves the sandbox platform: as {@code runctl.sandbox.enabled}
 * says when it is set, else exactly when no upstream token and no upstream address are
 * configured (the same rule by which the client picks the sandbox).
 */
final class SandboxCondition {

	private SandboxCondition() {
	}

	static boolean active(Environment environment) {
		String forced = environment.getProperty("runctl.sandbox.enabled");
		if (!blank(forced)) {
			return Boolean.parseBoolean(forced.strip());
		}
		return blank(environment.getProperty("runctl.upstream.pat"))
				&& blank(environment.getProperty("runctl.upstream.base-url"));
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
