package io.runctl.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * runctl's own production classes, for the architecture tests: no tests, and nothing that
 * Spring's AOT processing generates into {@code target/classes} when the jar is built
 * ({@code RunctlApplication__ApplicationContextInitializer}, {@code *__BeanDefinitions}):
 * generated wiring, not code anyone wrote.
 */
public final class ProductionClasses {

	private ProductionClasses() {
	}

	public static JavaClasses load() {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption((location) -> !location.contains("__"))
			.importPackages("io.runctl");
	}

}
