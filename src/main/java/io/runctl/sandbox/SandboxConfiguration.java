package io.runctl.sandbox;

import java.time.Clock;
import java.util.Set;

import io.runctl.pipeline.PipelineDefaults;
import io.runctl.platform.PlatformTarget;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The sandbox platform's parts, present only when it is served. A {@link Clock} bean, if
 * there is one, drives the simulation (tests inject a fixed one); otherwise the system
 * clock does.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxCondition.class)
class SandboxConfiguration {

	@Bean
	SandboxRuns sandboxRuns(SandboxProperties properties, ObjectProvider<Clock> clock) {
		SandboxRuns runs = new SandboxRuns(clock.getIfAvailable(Clock::systemUTC), properties.speed(),
				properties.seed(), Set.of(DemoRuns.PIPELINE));
		if (properties.demoRuns()) {
			DemoRuns.seed(runs);
		}
		return runs;
	}

	@Bean
	SandboxApi sandboxApi(SandboxRuns runs) {
		return new SandboxApi(runs);
	}

	/**
	 * The demo pipeline is the default pipeline while runctl talks to the sandbox (not
	 * when the sandbox is only served beside a real upstream).
	 */
	@Bean
	PipelineDefaults sandboxPipelineDefaults(PlatformTarget target) {
		return () -> target.sandbox() ? DemoRuns.PIPELINE : null;
	}

	@Bean
	SandboxBanner sandboxBanner(PlatformTarget target, SandboxProperties properties, Environment environment) {
		return new SandboxBanner(target, properties, environment);
	}

}
