package dev.pid1.diagnosis;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ProcessPlatform.Support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup verdict of a JVM that is PID 1 and cannot reap: a graceful signal path, but
 * orphans stay zombies, so the line is a warning that says so.
 */
class ReapingProblemDiagnosisTests {

	private static final SignalPath GRACEFUL = new SignalPath(Verdict.GRACEFUL,
			List.of(new Hop(1, "java", Kind.JVM, 1, true, false, List.of(), true, null, null, null, null)), null,
			"SIGTERM reaches this JVM and nothing on the path dies of it first", null, null);

	private static final Support NOEXEC = Support.unsupported(
			"JNA could not load its native library: noexec temp dir "
					+ "(UnsatisfiedLinkError: /tmp/jna1.tmp: failed to map segment from shared object)",
			"give JNA an exec-mountable directory and name it with -Djna.tmpdir");

	private static final EnvironmentFacts PID_1 = new EnvironmentFacts(1, true,
			new ContainerInfo(true, "docker", "/.dockerenv"), false);

	private static final EnvironmentFacts NOT_PID_1 = new EnvironmentFacts(8, false,
			new ContainerInfo(true, "docker", "/.dockerenv"), false);

	@Test
	void pid1ThatCannotReapIsAWarning() {
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(PID_1, 0, null, NOEXEC, true, GRACEFUL);
		assertThat(diagnosis.isWarning()).as(diagnosis.summary()).isTrue();
		assertThat(diagnosis.signalPath().verdict()).as("SIGTERM still works").isEqualTo(Verdict.GRACEFUL);
		assertThat(diagnosis.reapingProblem()).contains("orphans re-parented to it stay zombies")
			.endsWith("Fix: give JNA an exec-mountable directory and name it with -Djna.tmpdir");
		assertThat(diagnosis.summary())
			.isEqualTo("pid1: inert (" + NOEXEC.reason() + "); PID 1, container (docker); zombies: NOT REAPED - "
					+ diagnosis.reapingProblem() + "; signal path java (1): GRACEFUL");
	}

	@Test
	void withoutAFixFromThePlatformTheFixIsAnInitThatReaps() {
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(PID_1, 0, null, Support.unsupported("no JNA"), true,
				GRACEFUL);
		assertThat(diagnosis.reapingProblem()).contains("Fix: start this JVM under an init that reaps");
	}

	@Test
	void notPid1OrReaperOffOrNativeSupportIsNoReapingProblem() {
		assertThat(new ProcessDiagnosis(NOT_PID_1, 1, null, NOEXEC, true, GRACEFUL).isWarning())
			.as("not PID 1: its orphans go to PID 1")
			.isFalse();
		assertThat(new ProcessDiagnosis(PID_1, 0, null, NOEXEC, true, GRACEFUL, false).isWarning())
			.as("pid1.reaper.mode=off")
			.isFalse();
		ProcessDiagnosis supported = new ProcessDiagnosis(PID_1, 0, false, Support.supported("Linux via JNA"), true,
				GRACEFUL);
		assertThat(supported.isWarning()).isFalse();
		assertThat(supported.reapingProblem()).isNull();
		assertThat(supported.summary()).doesNotContain("zombies");
	}

}
