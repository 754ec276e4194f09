package dev.pid1.sample.container;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.pid1.testcontainers.OrphanStorm;
import dev.pid1.testcontainers.ReapingReport;
import dev.pid1.testcontainers.StartupReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hardened pod of {@link HardenedPodContainerTests} (read-only root, {@code noexec}
 * tmpfs at {@code /tmp}, the executable jar as PID 1) on Java 25, where pid1 calls the
 * kernel through the foreign function API: nothing to extract, so it reaps. Also with JNA
 * deleted from the jar (an app on Java 22+ needs no JNA), and, as the negative control,
 * with the FFM backend switched off ({@code pid1.native.backend=jna}): JNA cannot load
 * there and every orphan stays a zombie.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class HardenedPodFfmContainerTests {

	private static final int JAVA = 25;

	/**
	 * The compatibility matrix's storm: 2,000 orphans while the app waits for 300
	 * children.
	 */
	private static final OrphanStorm STORM = OrphanStorm.of(2000).childProcesses("/tools/exit-codes?count=300");

	@Test
	void onJava25TheFfmBackendReapsAStormOf2000InTheHardenedPod() throws Exception {
		String image = ContainerEngine.image("jvm-pid1", ContainerEngine.jar(), JAVA);
		try (SampleApp app = HardenedPodContainerTests.hardened(image, "hardened-ffm-java25", Map.of(), Map.of())) {
			assertHardenedAndFfm(app);
			ReapingReport storm = app.pid1().orphanStorm(STORM);
			System.out.println("hardened-ffm-java25: " + storm.summary());
			assertThat(storm).leftNoZombies();
			assertThat(storm.wrongExitCodes()).isEmpty();
			assertThat(storm.childrenChecked()).isGreaterThanOrEqualTo(300);
			assertThat(storm.reaped()).isGreaterThanOrEqualTo(2000L);
		}
	}

	@Test
	void onJava25AJarWithoutJnaReapsTheStormToo() throws Exception {
		Path jar = withoutJna(ContainerEngine.jar());
		String image = ContainerEngine.image("jvm-pid1", jar, JAVA);
		try (SampleApp app = HardenedPodContainerTests.hardened(image, "hardened-ffm-no-jna-java25", Map.of(),
				Map.of())) {
			assertHardenedAndFfm(app);
			ReapingReport storm = app.pid1().orphanStorm(STORM);
			System.out.println("hardened-ffm-no-jna-java25: " + storm.summary());
			assertThat(storm).leftNoZombies();
			assertThat(storm.wrongExitCodes()).isEmpty();
			assertThat(storm.childrenChecked()).isGreaterThanOrEqualTo(300);
		}
	}

	/**
	 * The negative control: the same pod on Java 25 with JNA forced, which cannot load
	 * there.
	 */
	@Test
	void onJava25WithTheFfmBackendOffTheHardenedPodLeavesZombies() throws Exception {
		String image = ContainerEngine.image("jvm-pid1", ContainerEngine.jar(), JAVA);
		int orphans = 300;
		try (SampleApp app = HardenedPodContainerTests.hardened(image, "hardened-jna-java25",
				Map.of("PID1_NATIVE_BACKEND", "jna"), Map.of())) {
			StartupReport startup = app.pid1().startup();
			ReapingReport storm = app.pid1().orphanStorm(OrphanStorm.of(orphans).zombieTimeout(Duration.ofSeconds(3)));
			System.out.println("hardened-jna-java25: " + storm.summary());
			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(storm.zombiesLeft()).as("JNA cannot load with a noexec /tmp").isEqualTo(orphans);
			assertThat(startup.reapingProblem()).startsWith("JNA could not load its native library: noexec temp dir");
			assertThat(endpoint(app)).contains("\"backend\":\"NONE\"");
		}
	}

	private static void assertHardenedAndFfm(SampleApp app) throws Exception {
		assertThat(app.execInContainer("sh", "-c", "grep ' /tmp ' /proc/mounts").getStdout())
			.as("the setup: /tmp is a noexec tmpfs")
			.contains("noexec");
		assertThat(app.execInContainer("sh", "-c", "touch /app/x").getExitCode()).as("the setup: a read-only root")
			.isNotZero();
		StartupReport startup = app.pid1().startup();
		assertThat(startup.jvmIsPid1()).isTrue();
		assertThat(startup).isGraceful();
		assertThat(startup.reapingProblem()).isNull();
		assertThat(startup.platformDetail()).startsWith("FFM (Java " + JAVA + "), pidfd");
		// The reaper starts once the app is ready, on a thread of its own.
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(endpoint(app)).contains("\"reaper\":{\"active\":true"));
		assertThat(endpoint(app)).contains("\"backend\":\"FFM\",\"backendReason\":\"Java " + JAVA + "\"");
		assertThat(app.pid1().logs()).as("the startup line names the backend")
			.contains("; native: FFM (Java " + JAVA + "), pidfd;");
	}

	/**
	 * A copy of the executable jar with its {@code BOOT-INF/lib/jna-*.jar} deleted and
	 * nothing else changed, under {@code target/} (the image build's context is the
	 * repository).
	 */
	static Path withoutJna(Path jar) throws IOException {
		Path copy = jar.resolveSibling("no-jna").resolve("pid1-sample-app-nojna-0.1.0-SNAPSHOT.jar");
		Files.createDirectories(copy.getParent());
		Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
		try (FileSystem zip = FileSystems.newFileSystem(copy)) {
			List<Path> jna;
			try (Stream<Path> libs = Files.list(zip.getPath("/BOOT-INF/lib"))) {
				jna = libs.filter((lib) -> lib.getFileName().toString().startsWith("jna-")).toList();
			}
			assertThat(jna).as("JNA in the sample app's jar").hasSize(1);
			Files.delete(jna.get(0));
		}
		try (FileSystem zip = FileSystems.newFileSystem(copy);
				Stream<Path> libs = Files.list(zip.getPath("/BOOT-INF/lib"))) {
			assertThat(libs.map((lib) -> lib.getFileName().toString())).as("the copy's libraries")
				.noneMatch((name) -> name.startsWith("jna-"))
				.anyMatch((name) -> name.startsWith("pid1-spring-boot-autoconfigure-"));
		}
		return copy;
	}

	private static String endpoint(SampleApp app) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + app.managementHostPort() + "/actuator/pid1"))
			.timeout(Duration.ofSeconds(10))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofString()).body();
	}

}
