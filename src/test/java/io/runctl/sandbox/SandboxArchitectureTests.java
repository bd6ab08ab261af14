package io.runctl.sandbox;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import io.runctl.testing.ProductionClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sandbox is a platform of its own: it knows the platform feature only by its public
 * address constants, and nothing else in the service knows the sandbox.
 */
class SandboxArchitectureTests {

	private static final JavaClasses MAIN = ProductionClasses.load();

	@Test
	void sandboxShouldUseNothingOfThePlatformFeatureButItsTarget() {
		noClasses().that()
			.resideInAPackage("io.runctl.sandbox..")
			.should()
			.dependOnClassesThat(DescribedPredicate.describe("platform internals",
					(JavaClass type) -> type.getPackageName().startsWith("io.runctl.platform")
							&& !type.getName().equals("io.runctl.platform.PlatformTarget")))
			.check(MAIN);
	}

	@Test
	void nothingElseShouldDependOnTheSandbox() {
		noClasses().that()
			.resideOutsideOfPackage("io.runctl.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.runctl.sandbox..")
			.check(MAIN);
	}

}
