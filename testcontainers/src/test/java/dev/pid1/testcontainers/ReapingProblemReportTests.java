package dev.pid1.testcontainers;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A JVM that is PID 1 and cannot reap, as pid1 reports it in its startup line and in
 * {@code /actuator/pid1}: the kit lists it among the problems, with pid1's cause and fix,
 * and an orphan storm's failure says why.
 */
class ReapingProblemReportTests {

	private static final String CAUSE = "JNA could not load its native library: noexec temp dir "
			+ "(UnsatisfiedLinkError: /tmp/jna1.tmp: /tmp/jna1.tmp: failed to map segment from shared object)";

	private static final String FIX = "give JNA an exec-mountable directory for its native library and name it with "
			+ "-Djna.tmpdir (for instance JAVA_TOOL_OPTIONS=-Djna.tmpdir=/var/cache/jna)";

	private static final String LINE = "2026-12-07T23:16:11.309Z  WARN 1 --- [order-service] [ pid1-diagnosis] "
			+ "d.pid1.diagnosis.StartupDiagnosisLogger  : pid1: inert (" + CAUSE + "); PID 1, container (docker); "
			+ "zombies: NOT REAPED - this JVM is PID 1 and cannot reap (pid1 is inert), so orphans re-parented to it "
			+ "stay zombies. Fix: " + FIX + "; signal path java (1): GRACEFUL";

	@Test
	void fromTheStartupLine() {
		StartupReport report = StartupReader.fromLine(LINE);
		assertThat(report.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(report.chain()).isEqualTo("java (1)");
		assertThat(report.jvmIsPid1()).isTrue();
		assertThat(report.platformDetail()).isEqualTo(CAUSE);
		assertThat(report.inertCause()).isEqualTo(InertCause.NATIVE_LIBRARY);
		assertThat(report.reapingProblem()).startsWith(CAUSE + ": this JVM is PID 1 and cannot reap")
			.endsWith("Fix: " + FIX);
		assertThat(report.problems()).singleElement()
			.asString()
			.startsWith("pid1 does not reap zombies: " + CAUSE)
			.endsWith(FIX);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).isGraceful())
			.withMessageContaining("pid1 does not reap zombies: " + CAUSE);
	}

	@Test
	void fromTheEndpoint() {
		String body = """
				{"pid":1,"parentPid":0,"pid1":true,
				 "platform":{"supported":false,"detail":"%s","fix":"%s"},
				 "signals":{"termHandled":true},
				 "signalPath":{"verdict":"GRACEFUL","hops":[{"pid":1,"name":"java","kind":"JVM"}]},
				 "reaper":{"active":false,"detail":"cannot reap zombies as PID 1: ...",
				   "problem":{"cause":"%s","fix":"%s"},"reaped":0,"zombies":0,"peakZombies":0}}
				""".formatted(CAUSE, FIX, CAUSE, FIX);
		StartupReport report = StartupReader.fromEndpoint(body, null);
		assertThat(report.reaper()).isEqualTo(new StartupReport.Reaper(false, null, 0));
		assertThat(report.reapingProblem())
			.isEqualTo(CAUSE + "; orphans re-parented to the JVM stay zombies. Fix: " + FIX);
		assertThat(report.problems()).containsExactly("pid1 does not reap zombies: " + report.reapingProblem());
		assertThat(Pid1Report.startupSummary(report)).endsWith("reaper inactive, zombies not reaped");
		ReapingReport storm = new ReapingReport(report, null, 300, 300, null, 0, List.of(), 0L);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(storm).leftNoZombies())
			.withMessageContaining("300 zombies were left after an orphan storm of 300")
			.withMessageContaining("Why: pid1 does not reap zombies: " + CAUSE)
			.withMessageContaining("Fix: " + FIX);
	}

	@Test
	void aReaperThreadThatDiedIsAProblemEvenWithNativeSupport() {
		String body = """
				{"pid":1,"pid1":true,"platform":{"supported":true,"detail":"Linux via JNA, pidfd"},
				 "signals":{"termHandled":true},
				 "signalPath":{"verdict":"GRACEFUL","hops":[{"pid":1,"name":"java","kind":"JVM"}]},
				 "reaper":{"active":false,"detail":"stopped reaping zombies as PID 1: ...",
				   "problem":{"cause":"the reaper thread died of java.lang.UnsatisfiedLinkError: waitid",
				     "fix":"restart the JVM"},"reaped":12}}
				""";
		StartupReport report = StartupReader.fromEndpoint(body, null);
		ReapingReport storm = new ReapingReport(report, null, 10, 10, null, 0, List.of(), 12L);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(storm).leftNoZombies())
			.withMessageContaining("the reaper thread died of java.lang.UnsatisfiedLinkError: waitid")
			.withMessageNotContaining("neither PID 1 nor a child subreaper");
	}

	@Test
	void anOlderPid1LineWithoutTheSegmentHasNoReapingProblem() {
		StartupReport report = StartupReader
			.fromLine("pid1: inert (JNA's native library failed to load (UnsatisfiedLinkError: x)); PID 1, "
					+ "container (docker); signal path java (1): GRACEFUL");
		assertThat(report.reapingProblem()).isNull();
		assertThat(report.problems()).singleElement().asString().startsWith("pid1 is inert");
	}

}
