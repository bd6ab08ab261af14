package io.runctl.sandbox;

import io.runctl.platform.PlatformTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * The one startup line that says the service runs on the sandbox, and how to point it at
 * Clarifai instead.
 */
class SandboxBanner implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(SandboxBanner.class);

	private final PlatformTarget target;

	private final SandboxProperties properties;

	private final Environment environment;

	SandboxBanner(PlatformTarget target, SandboxProperties properties, Environment environment) {
		this.target = target;
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		log.info(message());
	}

	String message() {
		String simulation = "(simulated runs, speed " + this.properties.speed() + ", seed " + this.properties.seed()
				+ ")";
		if (!this.target.sandbox()) {
			return "Serving the built-in sandbox platform under " + PlatformTarget.SANDBOX_PREFIX + " " + simulation
					+ " because runctl.sandbox.enabled=true; runctl itself talks to the configured upstream.";
		}
		String lockFile = this.environment.getProperty("runctl.lock-file", "./config-lock.yaml");
		return "Running on the built-in SANDBOX platform at " + this.target.baseUrl() + " " + simulation
				+ ", default pipeline " + DemoRuns.PIPELINE + ". To use Clarifai, set CLARIFAI_PAT (and "
				+ "CLARIFAI_API_BASE for another address) and name your pipeline in " + lockFile
				+ " (config-lock.yaml) or in the user_id, app_id, pipeline_id, pipeline_version_id parameters.";
	}

}
