package io.runctl.sandbox;

import java.time.Clock;
import java.util.Set;

import io.runctl.pipeline.PipelineDefaults;
import io.runctl.platform.PlatformTarget;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

/**
 * The sandbox platform's parts, registered only when it is
 * {@linkplain #served(Environment) served}. A {@link Clock} bean, if there is one, drives
 * the simulation (tests inject a fixed one); otherwise the system clock does.
 * <p>
 * A registrar rather than a {@code @Conditional} configuration because the choice is made
 * when the service starts, from its environment, also in AOT mode
 * ({@code -Dspring.aot.enabled=true}): there every condition is fixed when the jar is
 * built, while a registrar still runs at start-up. Public because the AOT-generated
 * initializer, in another package, creates it.
 */
public final class SandboxRegistrar implements BeanRegistrar {

	@Override
	public void register(BeanRegistry registry, Environment environment) {
		if (!served(environment)) {
			return;
		}
		registry.registerBean("sandboxRuns", SandboxRuns.class,
				(spec) -> spec.supplier((context) -> runs(context.bean(SandboxProperties.class),
						context.beanProvider(Clock.class).getIfAvailable(Clock::systemUTC))));
		registry.registerBean("sandboxApi", SandboxApi.class,
				(spec) -> spec.supplier((context) -> new SandboxApi(context.bean(SandboxRuns.class))));
		registry.registerBean("sandboxController", SandboxController.Served.class,
				(spec) -> spec.supplier((context) -> new SandboxController.Served(context.bean(SandboxApi.class))));
		// The demo pipeline is the default while runctl talks to the sandbox, not when
		// the sandbox is only served beside a real upstream.
		registry.registerBean("sandboxPipelineDefaults", PipelineDefaults.class, (spec) -> spec.supplier((context) -> {
			PlatformTarget target = context.bean(PlatformTarget.class);
			return () -> target.sandbox() ? DemoRuns.PIPELINE : null;
		}));
		registry.registerBean("sandboxBanner", SandboxBanner.class,
				(spec) -> spec.supplier((context) -> new SandboxBanner(context.bean(PlatformTarget.class),
						context.bean(SandboxProperties.class), environment)));
	}

	/**
	 * Whether this instance serves the sandbox platform: as
	 * {@code runctl.sandbox.enabled} says when it is set, else exactly when the client
	 * talks to the sandbox ({@link PlatformProperties#sandbox(String, String)}: no
	 * upstream token and no upstream address).
	 */
	static boolean served(Environment environment) {
		String forced = environment.getProperty("runctl.sandbox.enabled");
		if (forced != null && !forced.isBlank()) {
			return Boolean.parseBoolean(forced.strip());
		}
		return PlatformTarget.sandbox(environment.getProperty("runctl.upstream.base-url"),
				environment.getProperty("runctl.upstream.pat"));
	}

	private static SandboxRuns runs(SandboxProperties properties, Clock clock) {
		SandboxRuns runs = new SandboxRuns(clock, properties.speed(), properties.seed(), Set.of(DemoRuns.PIPELINE));
		if (properties.demoRuns()) {
			DemoRuns.seed(runs);
		}
		return runs;
	}

}
