package dev.pid1;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules: native code behind one package, an OS layer free of Spring, one
 * direction of dependencies, concerns that do not know each other, and
 * auto-configurations that only wire.
 */
class ArchitectureTests {

	private static final List<String> CONCERNS = List.of("diagnosis", "reaping", "shutdown");

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pid1");

	@Test
	void onlyTheLinuxPlatformPackageTouchesJna() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pid1.platform.linux..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.sun.jna..")
			.check(classes);
	}

	@Test
	void thePlatformLayerKnowsNothingOfSpring() {
		noClasses().that()
			.resideInAPackage("dev.pid1.platform..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.check(classes);
	}

	@Test
	void nothingButTheLoaderKnowsTheLinuxPlatform() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pid1.platform.linux..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pid1.platform.linux..")
			.check(classes);
	}

	@Test
	void concernsDoNotDependOnTheEndpointOrTheWiring() {
		noClasses().that()
			.resideInAnyPackage("dev.pid1.platform..", "dev.pid1.environment..", "dev.pid1.diagnosis..",
					"dev.pid1.reaping..", "dev.pid1.shutdown..", "dev.pid1.connections..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pid1.actuate..", "dev.pid1.autoconfigure..")
			.check(classes);
	}

	@Test
	void theShutdownCoreKnowsNoWebServerConnections() {
		noClasses().that()
			.resideInAPackage("dev.pid1.shutdown..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pid1.connections..")
			.check(classes);
	}

	@Test
	void concernsDoNotDependOnEachOther() {
		for (String concern : CONCERNS) {
			for (String other : CONCERNS) {
				if (concern.equals(other)) {
					continue;
				}
				noClasses().that()
					.resideInAPackage("dev.pid1." + concern + "..")
					.should()
					.dependOnClassesThat()
					.resideInAPackage("dev.pid1." + other + "..")
					.because("the concerns meet only in the wiring (dev.pid1.autoconfigure) and the endpoint")
					.check(classes);
			}
		}
	}

	@Test
	void theEnvironmentFactsDependOnNoConcern() {
		noClasses().that()
			.resideInAPackage("dev.pid1.environment..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pid1.diagnosis..", "dev.pid1.reaping..", "dev.pid1.shutdown..",
					"dev.pid1.connections..", "dev.pid1.actuate..", "dev.pid1.autoconfigure..")
			.because("every concern reads the environment facts")
			.check(classes);
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.pid1.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void autoConfigurationsArePublicFinal() {
		classes().that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.check(classes);
	}

}
