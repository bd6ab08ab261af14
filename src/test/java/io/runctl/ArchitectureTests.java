package io.runctl;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import io.runctl.testing.ProductionClasses;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of STYLE.md, kept honest.
 */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = ProductionClasses.load();

	@Test
	void rootPackageShouldHoldOnlyTheApplicationClass() {
		classes().that()
			.resideInAPackage("io.runctl")
			.and()
			.doNotHaveSimpleName("package-info")
			.should()
			.haveFullyQualifiedName(RunctlApplication.class.getName())
			.check(PRODUCTION);
	}

	@Test
	void platformShouldDependOnNoFeatureButPipeline() {
		noClasses().that()
			.resideInAPackage("io.runctl.platform..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.runctl.run..", "io.runctl.monitor..", "io.runctl.web..", "io.runctl.sandbox..",
					"io.runctl.security..", "io.runctl.audit..", "io.runctl.resilience..")
			.check(PRODUCTION);
	}

	@Test
	void upstreamWireShouldNotBeUsedOutsidePlatform() {
		noClasses().that()
			.resideOutsideOfPackage("io.runctl.platform..")
			.should()
			.dependOnClassesThat()
			.haveNameMatching("io\\.runctl\\.platform\\.UpstreamWire(\\$.*)?")
			.check(PRODUCTION);
	}

	@Test
	void noFieldShouldBeInjected() {
		fields().should()
			.notBeAnnotatedWith(Autowired.class)
			.andShould()
			.notBeAnnotatedWith(Value.class)
			.allowEmptyShould(true)
			.check(PRODUCTION);
	}

	@Test
	void controllersShouldBePackagePrivate() {
		classes().that()
			.areAnnotatedWith(RestController.class)
			.or()
			.areAnnotatedWith(Controller.class)
			.should()
			.notHaveModifier(JavaModifier.PUBLIC)
			.check(PRODUCTION);
	}

	@Test
	void everyProductionPackageShouldBeNullMarked() {
		PRODUCTION.stream().map((javaClass) -> javaClass.getPackageName()).distinct().forEach((name) -> {
			assertThat(PRODUCTION.getPackage(name).isAnnotatedWith(NullMarked.class)).as(name).isTrue();
		});
	}

}
