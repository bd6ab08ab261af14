package io.runctl.sandbox;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in sandbox platform.
 *
 * @param enabled serve the sandbox even though a token or address is set ({@code true}),
 * or never ({@code false}); unset means: serve it exactly when neither
 * {@code CLARIFAI_PAT} nor {@code CLARIFAI_API_BASE} is set
 * @param speed simulated seconds per real second ({@code 1.0} is real time)
 * @param seed the seed every simulated run, id and log line is drawn from
 * @param demoRuns whether to start with the demo runs
 */
@ConfigurationProperties("runctl.sandbox")
record SandboxProperties(@Nullable Boolean enabled, @DefaultValue("1.0") double speed, @DefaultValue("42") long seed,
		@DefaultValue("true") boolean demoRuns) {

	SandboxProperties {
		if (!(speed > 0) || Double.isInfinite(speed)) {
			throw new IllegalArgumentException("runctl.sandbox.speed must be a positive number, got " + speed);
		}
	}

}
