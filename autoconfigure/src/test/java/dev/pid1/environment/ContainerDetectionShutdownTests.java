package dev.pid1.environment;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole app, started the way a developer starts it ({@code spring-boot:run}, an IDE:
 * an ordinary child process, not PID 1) on a machine that runs Docker, then Ctrl-C
 * (SIGINT). Where it runs comes from real fixtures ({@link FixtureApp}); the rest is
 * real. On the Docker host it must exit at once, not become a child subreaper, and leave
 * its descendants alone; inside a Docker container (the negative control) the same app
 * drains, adopts and stops them.
 *
 * @author pid1 authors
 */
@EnabledOnOs(OS.LINUX)
class ContainerDetectionShutdownTests {

	/** Long enough that a drain cannot hide in the time a close takes. */
	private static final Duration QUIET_PERIOD = Duration.ofSeconds(8);

	private static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	@TempDir
	Path dir;

	private final List<Process> started = new ArrayList<>();

	private final List<Long> leftovers = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.started.forEach(Process::destroyForcibly);
		this.leftovers.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	void onADockerHostCtrlCEndsTheAppAtOnceAndLeavesItsDescendants() throws Exception {
		Run run = run("docker-host");
		assertThat(run.pid1).contains("\"pid1\":false")
			.contains("\"subreaper\":false")
			.contains("\"container\":{\"detected\":false");
		assertThat(run.exit).isEqualTo(130);
		assertThat(run.millis).as("SIGINT to exit, ms (a drain would take %s)", QUIET_PERIOD)
			.isLessThan(QUIET_PERIOD.toMillis() - 2000);
		assertThat(ProcessHandle.of(run.leftover).map(ProcessHandle::isAlive)).as("the descendant").hasValue(true);
	}

	@Test
	void insideADockerContainerTheSameAppDrainsAndStopsItsDescendants() throws Exception {
		// The negative control: the test above tells the two apart.
		Run run = run("docker-inside");
		assertThat(run.pid1).contains("\"pid1\":false")
			.contains("\"subreaper\":true")
			.contains("\"container\":{\"detected\":true,\"runtime\":\"docker\"");
		assertThat(run.exit).isEqualTo(130);
		assertThat(run.millis).as("SIGINT to exit, ms").isGreaterThanOrEqualTo(QUIET_PERIOD.toMillis());
		assertThat(ProcessHandle.of(run.leftover).map(ProcessHandle::isAlive).orElse(false)).as("the descendant")
			.isFalse();
	}

	private Run run(String fixture) throws Exception {
		HostFixture host = HostFixture.of(fixture, this.dir.resolve("fixture"));
		int port = freePort();
		int managementPort = freePort();
		List<String> command = PidNamespace.java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"),
				FixtureApp.class.getName(), "--test.fixture=" + host.dir, "--server.port=" + port,
				"--management.server.port=" + managementPort, "--server.address=127.0.0.1",
				"--management.server.address=127.0.0.1", "--management.endpoints.web.exposure.include=health,pid1",
				"--management.endpoint.health.probes.enabled=true", "--spring.main.banner-mode=off",
				"--pid1.shutdown.quiet-period=" + QUIET_PERIOD.toSeconds() + "s");
		Path log = this.dir.resolve("app.log");
		Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.started.add(app);
		URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(app.isAlive()).as("app died:\n%s", Files.readString(log)).isTrue();
			return status(readiness) == 200;
		});
		// The subreaper decision comes once the native platform has loaded.
		URI endpoint = URI.create("http://127.0.0.1:" + managementPort + "/actuator/pid1");
		AtomicReference<String> pid1 = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			pid1.set(
					client.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString()).body());
			return !pid1.get().contains("\"subreaper\":null") && pid1.get().contains("\"subreaper\"");
		});
		long leftover = Long.parseLong(
				client
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/leftover")).build(),
							HttpResponse.BodyHandlers.ofString())
					.body());
		this.leftovers.add(leftover);
		long sent = System.nanoTime();
		Process kill = new ProcessBuilder("kill", "-INT", Long.toString(app.pid())).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
		assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("app still running:\n%s", Files.readString(log)).isTrue();
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
		System.out.println("TEST: " + fixture + ": SIGINT -> exit " + app.exitValue() + " in " + millis + " ms");
		return new Run(pid1.get(), app.exitValue(), millis, leftover);
	}

	private static int status(URI uri) {
		try {
			return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Run(String pid1, int exit, long millis, long leftover) {

	}

}
