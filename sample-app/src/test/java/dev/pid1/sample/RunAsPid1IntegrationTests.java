package dev.pid1.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The README's main-job command, run as a new user would: the packaged sample app as PID
 * 1 of a fresh PID namespace, its {@code /actuator/pid1} report, and its exit on SIGTERM.
 * Runs after packaging (failsafe), since it needs the jar.
 */
class RunAsPid1IntegrationTests {

	@Test
	void mainJobPrintsThePid1ReportAsPid1AndExitsOnSigterm() throws Exception {
		Path script = Path.of("..", "docker", "run-as-pid1.sh").toAbsolutePath().normalize();
		assertThat(script).isExecutable();
		requireUnshare();
		ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true);
		builder.environment().put("PORT", Integer.toString(freePort()));
		builder.environment().put("MANAGEMENT_PORT", Integer.toString(freePort()));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("\"pid\": 1,")
			.contains("\"pid1\": true")
			.contains("\"verdict\": \"GRACEFUL\"")
			.contains("pid1: PID 1")
			.contains("PID 1 exited with 143");
	}

	private static void requireUnshare() throws IOException, InterruptedException {
		Process probe = new ProcessBuilder("unshare", "--fork", "--pid", "--mount-proc", "true")
			.redirectErrorStream(true)
			.start();
		String output = new String(probe.getInputStream().readAllBytes());
		if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
			return;
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true but PID namespaces are unavailable: " + output);
		}
		abort("PID namespaces are unavailable (run as root or enable user namespaces): " + output);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
