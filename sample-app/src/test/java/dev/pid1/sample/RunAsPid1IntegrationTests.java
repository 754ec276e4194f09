package dev.pid1.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main-job command, run as a new user would: the packaged sample app as PID
 * 1 of a fresh PID namespace under {@code java -jar}, its {@code /actuator/pid1} report,
 * and SIGTERM under load. Runs after packaging (failsafe), since it needs the jar, on the
 * JDK that runs Maven (the script gets this JVM's {@code JAVA_HOME}), so each JDK CI uses
 * runs it. It needs nothing but a PID namespace (and curl, which the script uses): the
 * report is read as JSON, whichever way the script printed it.
 */
class RunAsPid1IntegrationTests {

	private static final Pattern REQUESTS = Pattern.compile("Requests from .*: (\\d+) ok, (\\d+) failed");

	private static final Pattern EXIT = Pattern.compile("PID 1 exited with (\\d+)");

	@Test
	void mainJobDrainsWithoutAFailedRequestAndExitsWith143() throws Exception {
		String output = runMainJob(Map.of());
		JsonNode report = report(output);
		assertThat(report.path("pid").asInt()).as(output).isEqualTo(1);
		assertThat(report.path("pid1").asBoolean()).as(output).isTrue();
		assertThat(report.path("signalPath").path("verdict").asString()).as(output).isEqualTo("GRACEFUL");
		assertThat(report.path("shutdown").path("drain").asBoolean()).as("a SIGTERM drains; %s", output).isTrue();
		assertThat(report.path("reaper").path("active").asBoolean()).as(output).isTrue();
		assertThat(requests(output, 2)).as("failed requests; %s", output).isZero();
		assertThat(requests(output, 1)).as("requests served; %s", output).isPositive();
		assertThat(exitCode(output)).as(output).isEqualTo(143);
		assertThat(output).contains("drain ends: quiet for");
	}

	/**
	 * The negative control: without the drain the same load loses requests, the script
	 * says so and exits non-zero, so neither it nor the test above passes by accident.
	 */
	@Test
	void mainJobFailsWhenRequestsFail() throws Exception {
		String output = runMainJob(Map.of("PID1_SHUTDOWN_DRAIN", "never"), 1);
		assertThat(requests(output, 2)).as("failed requests; %s", output).isPositive();
		assertThat(output).contains("FAILED:");
	}

	private String runMainJob(Map<String, String> environment) throws Exception {
		return runMainJob(environment, 0);
	}

	private String runMainJob(Map<String, String> environment, int expectedExit) throws Exception {
		PidNamespace.assumeAvailable();
		Path script = Path.of("..", "docker", "run-as-pid1.sh").toAbsolutePath().normalize();
		assertThat(script).isExecutable();
		ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectErrorStream(true);
		builder.environment().put("PORT", Integer.toString(freePort()));
		builder.environment().put("MANAGEMENT_PORT", Integer.toString(freePort()));
		// The JDK that runs this test, not whichever java is on the PATH.
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
		assertThat(output).contains("pid1: PID 1")
			.as("the app ran on this JDK")
			.contains("version \"" + System.getProperty("java.version") + "\"");
		return output;
	}

	/** The report, read as JSON whether the script pretty-printed it or not. */
	private static JsonNode report(String output) {
		int request = output.indexOf("/actuator/pid1\n");
		assertThat(request).as(output).isNotNegative();
		int start = output.indexOf('{', request);
		// One JSON value; the script's output goes on after it.
		JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		return mapper.readTree(output.substring(start));
	}

	private static int requests(String output, int group) {
		Matcher matcher = REQUESTS.matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return Integer.parseInt(matcher.group(group));
	}

	private static int exitCode(String output) {
		Matcher matcher = EXIT.matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
