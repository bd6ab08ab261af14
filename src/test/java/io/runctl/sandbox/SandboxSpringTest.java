package io.runctl.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;

import io.runctl.testing.MutableClock;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The whole service in sandbox mode on a random port: no token, no address, no lock file,
 * and a clock that stands still so the runs stay in the states the tests put them in.
 * Every test class with this annotation shares one application context (and its runs), so
 * tests arrange fresh runs and never move the clock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "runctl.upstream.pat=", "runctl.upstream.base-url=", "runctl.lock-file=target/no-lock-file.yaml",
				"runctl.sandbox.seed=7", "runctl.sandbox.speed=1.0" })
@Import(SandboxSpringTest.StillClock.class)
@interface SandboxSpringTest {

	/** The instant the sandbox's clock stands at. */
	String NOW = "2026-04-23T13:45:00Z";

	@TestConfiguration(proxyBeanMethods = false)
	class StillClock {

		@Bean
		Clock sandboxTestClock() {
			return MutableClock.at(NOW);
		}

	}

}
