package dev.pid1.testcontainers;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupReader}: pid1's startup line and endpoint, as pid1 writes them.
 *
 * @author pid1 authors
 */
class StartupReaderTests {

	static final String NO_EXEC_LINE = "2026-12-01T09:00:00.000Z  WARN 8 --- [order-service] [pid1-diagnosis]"
			+ " d.p.diagnosis.StartupDiagnosisLogger    : pid1: pid 8, container (docker); signal path sh (1) -> java (8):"
			+ " DROPPED - `sh` (pid 1) is PID 1 with no SIGTERM handler, so the kernel drops the SIGTERM and the JVM is"
			+ " SIGKILLed when the grace period ends. Fix: start the JVM with `exec java ...` in start-no-exec.sh so it"
			+ " replaces the shell; or run it under an init (`tini -- java ...`)";

	static final String NOEXEC_TMP_LINE = "INFO 1 --- [pid1-diagnosis] StartupDiagnosisLogger : pid1: inert (the native"
			+ " platform failed to start (UnsatisfiedLinkError: /tmp/jna-1/jna123.tmp: failed to map segment from"
			+ " shared object)); PID 1, container (docker); signal path java (1): GRACEFUL";

	@Test
	void readsABrokenPathWithItsFixFromTheStartupLine() {
		String logs = "Started OrderServiceApplication in 2.1 seconds\n" + NO_EXEC_LINE + "\nsomething else\n";
		StartupReport report = StartupReader.fromLine(StartupReader.line(logs));
		assertThat(report.source()).isEqualTo(StartupReport.Source.LOG);
		assertThat(report.verdict()).isEqualTo(Verdict.DROPPED);
		assertThat(report.jvmIsPid1()).isFalse();
		assertThat(report.chain()).isEqualTo("sh (1) -> java (8)");
		assertThat(report.explanation()).startsWith("`sh` (pid 1) is PID 1 with no SIGTERM handler")
			.endsWith("when the grace period ends");
		assertThat(report.fix()).startsWith("start the JVM with `exec java ...` in start-no-exec.sh");
		assertThat(report.inert()).isFalse();
		assertThat(report.problems()).singleElement()
			.asString()
			.contains("DROPPED", "Fix: start the JVM with `exec java ...` in start-no-exec.sh");
	}

	@Test
	void readsALineThatSaysWhyThePreStopEndpointIsOff() {
		// pid1 names the preStop endpoint's state before the signal path, whose verdict
		// and fix end the line.
		StartupReport report = StartupReader.fromLine("2026-12-01T09:00:00.000Z  INFO 1 --- [order-service] "
				+ "[pid1-diagnosis] d.p.d.StartupDiagnosisLogger : pid1: PID 1, container (docker), Kubernetes; "
				+ "preStop endpoint off, a preStop httpGet hook gets 404 (management.endpoint.prestop.access is none, "
				+ "the default): set management.endpoint.prestop.access=unrestricted; signal path java (1): GRACEFUL");
		assertThat(report.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(report.jvmIsPid1()).isTrue();
		assertThat(report.chain()).isEqualTo("java (1)");
		assertThat(report.fix()).isNull();
	}

	@Test
	void readsWhyPid1IsInertFromTheStartupLine() {
		StartupReport report = StartupReader.fromLine(NOEXEC_TMP_LINE);
		assertThat(report.inert()).isTrue();
		assertThat(report.platformDetail()).isEqualTo("the native platform failed to start (UnsatisfiedLinkError:"
				+ " /tmp/jna-1/jna123.tmp: failed to map segment from shared object)");
		assertThat(report.inertCause()).isEqualTo(InertCause.NATIVE_LIBRARY);
		assertThat(report.jvmIsPid1()).isTrue();
		assertThat(report.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(report.explanation()).isNull();
		assertThat(report.fix()).isNull();
		assertThat(report.problems()).singleElement().asString().contains("pid1 is inert", "mount /tmp with exec");
	}

	@Test
	void readsTheEndpoint() {
		String body = """
				{"pid":1,"parentPid":0,"pid1":true,"subreaper":false,
				 "platform":{"supported":true,"detail":"Linux via JNA, pidfd"},
				 "container":{"detected":true,"runtime":"docker","evidence":"/.dockerenv"},"kubernetes":false,
				 "signals":{"termHandled":true},
				 "signalPath":{"verdict":"GRACEFUL","hops":[{"pid":1,"name":"java","kind":"JVM"}],
				   "breakingPid":null,"explanation":"the JVM is PID 1 and handles SIGTERM","fix":null},
				 "reaper":{"active":true,"mode":"exact","reaped":3,"zombies":0,"peakZombies":1},
				 "shutdown":{"state":"running","drain":true,"drainMinMillis":3000,"drainMaxMillis":20000,
				   "deadlineMillis":27000}}
				""";
		StartupReport report = StartupReader.fromEndpoint(body, null);
		assertThat(report.source()).isEqualTo(StartupReport.Source.ENDPOINT);
		assertThat(report.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(report.jvmIsPid1()).isTrue();
		assertThat(report.termHandled()).isTrue();
		assertThat(report.inert()).isFalse();
		assertThat(report.chain()).isEqualTo("java (1)");
		assertThat(report.fix()).isNull();
		assertThat(report.reaper()).isEqualTo(new StartupReport.Reaper(true, "exact", 3));
		assertThat(report.shutdown())
			.isEqualTo(new StartupReport.Shutdown(true, Duration.ofSeconds(20), Duration.ofSeconds(27)));
		assertThat(report.problems()).isEmpty();
	}

	@Test
	void readsTheShutdownSettingsOfTheSecondGenerationEndpoint() {
		String body = """
				{"pid":1,"pid1":true,"platform":{"supported":true,"detail":"Linux via JNA, pidfd"},
				 "signals":{"termHandled":true},
				 "signalPath":{"verdict":"GRACEFUL","hops":[{"pid":1,"name":"java","kind":"JVM"}]},
				 "shutdown":{"phase":"RUNNING","drain":true,
				   "settings":{"drainMinMillis":0,"quietPeriodMillis":2000,"drainMaxMillis":4000,"deadlineMillis":7000}}}
				""";
		assertThat(StartupReader.fromEndpoint(body, null).shutdown())
			.isEqualTo(new StartupReport.Shutdown(true, Duration.ofSeconds(4), Duration.ofSeconds(7)));
	}

	@Test
	void theStateIsSettledOnceTheReaperIsDecided() {
		assertThat(StartupReader.settled("""
				{"reaper":{"active":false,"mode":null,"detail":"not started yet: the native platform is loading"}}
				""")).isFalse();
		assertThat(StartupReader.settled("""
				{"reaper":{"active":true,"mode":"exact","detail":"exact"}}""")).isTrue();
		assertThat(StartupReader.settled("{\"pid1\":true}")).isTrue();
	}

	@Test
	void anImageWithoutPid1SaysWhatToAdd() {
		assertThat(StartupReader.line("Started App in 1.2 seconds\n")).isNull();
		assertThat(StartupReport.ABSENT.pid1Present()).isFalse();
		assertThat(StartupReport.ABSENT.problems()).singleElement()
			.asString()
			.contains("pid1 is not in this image", "Fix: add dev.pid1:pid1-spring-boot-starter");
	}

	@Test
	void classifiesWhyPid1IsInert() {
		assertThat(InertCause.of("not running on Linux (Mac OS X)")).isEqualTo(InertCause.NOT_LINUX);
		assertThat(InertCause
			.of("JNA is not on the classpath (add net.java.dev.jna:jna, which" + " pid1-spring-boot-starter brings)"))
			.isEqualTo(InertCause.NO_JNA);
		assertThat(InertCause.of("JNA's native library failed to load (UnsatisfiedLinkError: x); if the temp dir is"
				+ " mounted noexec, set -Djna.tmpdir to an executable directory"))
			.isEqualTo(InertCause.NATIVE_LIBRARY);
		assertThat(InertCause.of("the native platform did not load within 5000 ms")).isEqualTo(InertCause.OTHER);
		assertThat(InertCause.NO_JNA.fix()).contains("net.java.dev.jna:jna");
	}

}
