package dev.pid1.testcontainers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit reads pid1's startup verdict and shutdown timeline from the log in every
 * console format Spring Boot 4 writes: plain text and its structured formats ({@code
 * logging.structured.format.console=ecs}, {@code logstash}, {@code gelf}). The fixtures
 * are whole container logs captured from the sample app's image.
 *
 * @author pid1 authors
 */
class StructuredLogTests {

	/** The timeline of each captured run, as pid1 logged it. */
	private static final List<String> PHASES = List.of("shutdown begins: SIGTERM", "readiness REFUSING_TRAFFIC",
			"drain begins: 0 requests/s, silence needed 2 s (min 0 s, quiet period 2 s, max 20 s)",
			"drain ends: quiet for 2 s, 0 requests during the drain",
			"exit(143): Spring Boot's shutdown hook closes the context",
			"graceful close: lifecycles stop, web servers finish in-flight requests",
			"lifecycles stopped: web servers closed", "context closed",
			"post-close: stop the descendants left (SIGTERM, 3000 ms grace, SIGKILL)", "JVM exits with 143");

	@ParameterizedTest
	@ValueSource(strings = { "plain", "ecs", "logstash" })
	void readsTheVerdictOfTheJvmAsPid1(String format) {
		StartupReport report = StartupReader.fromLine(StartupReader.line(log(format + "-jvm-pid1.log")));
		assertThat(report.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(report.jvmIsPid1()).isTrue();
		assertThat(report.chain()).isEqualTo("java (1)");
		assertThat(report.fix()).isNull();
		assertThat(report.line()).contains("pid1: PID 1, container (docker); signal path java (1): GRACEFUL")
			.endsWith("GRACEFUL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void readsABrokenPathAndItsFix(String format) {
		StartupReport report = StartupReader.fromLine(StartupReader.line(log(format + "-script-no-exec.log")));
		assertThat(report.verdict()).isEqualTo(Verdict.DROPPED);
		assertThat(report.jvmIsPid1()).isFalse();
		assertThat(report.chain()).matches("sh \\(1\\) -> java \\(\\d+\\)");
		assertThat(report.explanation()).isEqualTo("`sh` (pid 1) is PID 1 with no SIGTERM handler, so the kernel"
				+ " drops the signal and this JVM is SIGKILLed after the grace period");
		assertThat(report.fix()).startsWith("start the JVM with `exec java ...` in start-no-exec.sh")
			.endsWith("wait for the JVM twice (`wait $pid; trap - TERM INT; wait $pid`)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "ecs", "logstash" })
	void readsTheShutdownTimeline(String format) {
		List<TerminationReport.Phase> timeline = TerminationReport.timeline(log(format + "-jvm-pid1.log"));
		assertThat(timeline).extracting(TerminationReport.Phase::phase).containsExactlyElementsOf(PHASES);
		assertThat(timeline.get(0).millis()).isZero();
		assertThat(timeline.get(timeline.size() - 1).millis()).isBetween(2000L, 3000L);
	}

	/**
	 * GELF: the message is {@code short_message}. This run was stopped before it was
	 * ready, and its log ends where the engine stopped reading it.
	 */
	@Test
	void readsTheTimelineOfGelf() {
		assertThat(TerminationReport.timeline(log("gelf-jvm-pid1.log"))).extracting(TerminationReport.Phase::phase)
			.containsExactly("shutdown begins: close", "no drain: the app was not ready yet",
					"readiness REFUSING_TRAFFIC",
					"graceful close: lifecycles stop, web servers finish in-flight requests",
					"lifecycles stopped: web servers closed");
	}

	/**
	 * In a structured log the logger is known: another logger's message that quotes pid1
	 * is not pid1's.
	 */
	@ParameterizedTest
	@ValueSource(strings = {
			"{\"@timestamp\":\"2026-12-07T23:08:19Z\",\"log\":{\"level\":\"INFO\",\"logger\":\"com.example.Audit\"},"
					+ "\"message\":\"seen: pid1: PID 1, container (docker); signal path java (1): DROPPED\"}",
			"{\"@timestamp\":\"2026-12-07T23:08:19Z\",\"@version\":\"1\",\"message\":\"seen: pid1: PID 1, container"
					+ " (docker); signal path java (1): DROPPED\",\"logger_name\":\"com.example.Audit\"}" })
	void anotherLoggersMessageIsNotPid1s(String quoted) {
		String logs = quoted + "\n" + log("logstash-jvm-pid1.log");
		assertThat(StartupReader.fromLine(StartupReader.line(logs)).verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(TerminationReport.timeline(quoted.replace("seen: pid1: PID 1", "pid1 shutdown +  5 ms  fake")))
			.isEmpty();
	}

	static String log(String name) {
		try (InputStream in = StructuredLogTests.class.getResourceAsStream("logs/" + name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
