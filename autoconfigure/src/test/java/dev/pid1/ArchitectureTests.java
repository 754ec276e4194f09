package dev.pid1;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import dev.pid1.test.Capability;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The package rules: native code behind one package, an OS layer free of Spring, one
 * direction of dependencies, concerns that do not know each other, and
 * auto-configurations that only wire; and null-safety declared for every package.
 */
class ArchitectureTests {

	private static final List<String> CONCERNS = List.of("diagnosis", "reaping", "shutdown");

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pid1");

	@Test
	void onlyTheJnaBackendTouchesJna() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pid1.platform.jna..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.sun.jna..")
			.check(classes);
	}

	@Test
	void onlyTheFfmBackendTouchesTheForeignFunctionApi() {
		noClasses().that()
			.resideOutsideOfPackage("dev.pid1.platform.ffm..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("java.lang.foreign..")
			.check(classes);
	}

	@Test
	void theFfmBackendIsBuilt() {
		// Its classes are compiled for Java 22 into the same output (see
		// CONTRIBUTING.md):
		// a build without them ships a jar that needs JNA on every Java.
		if (!classes.containPackage("dev.pid1.platform.ffm")) {
			Capability.missing(
					"The FFM backend (dev.pid1.platform.ffm, Java 22+) is not built: Maven runs on Java "
							+ Runtime.version().feature() + " and PID1_JDK22_HOME is not set",
					"Install a JDK 22+ and name it: " + Capability.asRoot("apt-get install -y openjdk-25-jdk-headless")
							+ " && export PID1_JDK22_HOME=/usr/lib/jvm/java-25-openjdk-amd64 (or run Maven on a JDK 22+)");
		}
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
	void nothingButTheLoaderKnowsTheBackends() {
		// The backends are loaded by name and reached through LinuxSyscalls and
		// NativePlatform only.
		for (String backend : List.of("dev.pid1.platform.jna..", "dev.pid1.platform.ffm..")) {
			noClasses().that()
				.resideOutsideOfPackage(backend)
				.should()
				.dependOnClassesThat()
				.resideInAPackage(backend)
				.allowEmptyShould(true)
				.check(classes);
		}
	}

	@Test
	void theBackendsKnowOnlyThePlatformLayer() {
		noClasses().that()
			.resideInAnyPackage("dev.pid1.platform.jna..", "dev.pid1.platform.ffm..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pid1.environment..", "dev.pid1.diagnosis..", "dev.pid1.reaping..",
					"dev.pid1.shutdown..", "dev.pid1.connections..", "dev.pid1.actuate..", "dev.pid1.autoconfigure..")
			.check(classes);
	}

	@Test
	void concernsDoNotDependOnTheEndpointOrTheWiring() {
		noClasses().that()
			.resideInAnyPackage("dev.pid1.platform..", "dev.pid1.environment..", "dev.pid1.diagnosis..",
					"dev.pid1.reaping..", "dev.pid1.shutdown..", "dev.pid1.connections..", "dev.pid1.grpc..")
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
	void theGrpcDrainAndTheWebServersConnectionsDoNotKnowEachOther() {
		noClasses().that()
			.resideInAPackage("dev.pid1.grpc..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.pid1.connections..", "dev.pid1.diagnosis..", "dev.pid1.reaping..")
			.check(classes);
		noClasses().that()
			.resideInAnyPackage("dev.pid1.connections..", "dev.pid1.shutdown..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.pid1.grpc..")
			.check(classes);
	}

	@Test
	void theEndpointReadsTheGrpcDrainWithoutLoadingGrpc() {
		DescribedPredicate<JavaClass> grpc = resideInAnyPackage("io.grpc..", "org.springframework.grpc..");
		noClasses().that()
			.resideOutsideOfPackage("dev.pid1.grpc..")
			.and()
			.haveNameNotMatching("dev\\.pid1\\.autoconfigure\\.Pid1GrpcAutoConfiguration.*")
			.should()
			.dependOnClassesThat(grpc)
			.check(classes);
		// What the endpoint and its auto-configuration reach, on every class path.
		noClasses().that()
			.haveSimpleNameStartingWith("GrpcDrain")
			.or()
			.haveSimpleName("GrpcHealth")
			.or()
			.haveSimpleName("GrpcConnections")
			.or()
			.haveSimpleName("GrpcCalls")
			.should()
			.dependOnClassesThat(grpc)
			.check(classes);
		noClasses().that()
			.resideInAPackage("dev.pid1.actuate..")
			.or()
			.haveSimpleName("Pid1EndpointAutoConfiguration")
			.should()
			.dependOnClassesThat(resideInAPackage("dev.pid1.grpc..").and(not(simpleNameStartingWith("GrpcDrain"))))
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
	void everyPackageIsNullMarked() {
		classes().should(resideInANullMarkedPackage()).check(classes);
	}

	@Test
	void everyPackageOfEveryModuleHasANullMarkedPackageInfo() throws IOException {
		// The other modules (the Testcontainers kit, the sample and compatibility apps)
		// are not on this class path: their sources, from any module of a checkout.
		Path root = checkout();
		assumeTrue(root != null, "run from a module of a checkout");
		List<String> missing = new ArrayList<>();
		for (Path directory : mainPackageDirectories(root)) {
			Path packageInfo = directory.resolve("package-info.java");
			if (!Files.isReadable(packageInfo) || !Files.readString(packageInfo).contains("@NullMarked")) {
				missing.add(root.relativize(directory).toString());
			}
		}
		assertThat(missing).as("packages without a package-info.java that declares @NullMarked").isEmpty();
	}

	@Test
	void noMainClassIsOver300LinesPropertiesClassesAside() throws IOException {
		Path root = checkout();
		assumeTrue(root != null, "run from a module of a checkout");
		List<String> tooLong = new ArrayList<>();
		for (Path directory : mainPackageDirectories(root)) {
			try (Stream<Path> files = Files.list(directory)) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
					long lines = Files.readAllLines(file).size();
					if (lines > 300 && !file.getFileName().toString().endsWith("Properties.java")) {
						tooLong.add(root.relativize(file) + " (" + lines + " lines)");
					}
				}
			}
		}
		assertThat(tooLong).as("main classes over 300 lines").isEmpty();
	}

	private static @Nullable Path checkout() {
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !Files.isDirectory(root.resolve("autoconfigure/src/main/java/dev/pid1"))) {
			root = root.getParent();
		}
		return root;
	}

	private static List<Path> mainPackageDirectories(Path root) throws IOException {
		Set<String> skipped = Set.of("target", ".git", "node_modules");
		// Images, scripts and the benchmark's peers (apps without pid1).
		Path docker = root.resolve("docker");
		List<Path> directories = new ArrayList<>();
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
					throws IOException {
				if (skipped.contains(String.valueOf(directory.getFileName())) || directory.equals(docker)) {
					return FileVisitResult.SKIP_SUBTREE;
				}
				String path = directory.toString().replace('\\', '/');
				if ((path.contains("/src/main/java/dev/pid1") || path.contains("/src/main/java22/dev/pid1"))
						&& containsJava(directory)) {
					directories.add(directory);
				}
				return FileVisitResult.CONTINUE;
			}

		});
		assertThat(directories).as("main packages found under " + root).isNotEmpty();
		return directories;
	}

	private static boolean containsJava(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.anyMatch((file) -> file.toString().endsWith(".java"));
		}
	}

	private static ArchCondition<JavaClass> resideInANullMarkedPackage() {
		return new ArchCondition<>("reside in a package whose package-info.java declares @NullMarked") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				if (!type.getPackage().isAnnotatedWith(NullMarked.class)) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + ": package " + type.getPackageName() + " is not @NullMarked"));
				}
			}

		};
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
