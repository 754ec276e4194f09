package dev.pid1.sample.container;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pid1.testcontainers.StartupReport;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;
import dev.pid1.testcontainers.Verdict;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a Kubernetes-style termination under load does to the sample app started each
 * classic way (the build targets of {@code docker/Dockerfile}), and that pid1's verdict
 * predicted it, all through the kit. Graceful variants get a generous grace period they
 * must finish well within; broken ones a short one, since they either run into it or end
 * at once.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class SignalPathContainerTests {

	/** Generous: a graceful termination must end long before it. */
	private static final Duration GRACEFUL = Duration.ofSeconds(30);

	/** Short: a dropped SIGTERM runs into it, so every second costs test time. */
	private static final Duration DROPPED = Duration.ofSeconds(4);

	private static final Termination COMPLETES = SampleApp.UNDER_LOAD.gracePeriod(GRACEFUL)
		.inFlightRequest("/orders/report?millis=5000");

	private static final Termination STUCK = SampleApp.UNDER_LOAD.inFlightRequest("/orders/report?millis=60000");

	@Test
	void jvmAsPid1DrainsUnderLoadAndCompletesTheRequestInFlight() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "signal-path-jvm-pid1")) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup).isGraceful();
			assertThat(startup.source()).isEqualTo(StartupReport.Source.ENDPOINT);
			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(startup.termHandled()).isTrue();
			assertThat(startup.reaper().mode()).isEqualTo("exact");

			CompletableFuture<TerminationReport> terminating = CompletableFuture
				.supplyAsync(() -> app.terminate(COMPLETES));
			// pid1's drain: readiness off, liveness on, while the traffic still succeeds.
			assertThat(app.awaitManagementStatus("/actuator/health/readiness", 503, Duration.ofSeconds(20)))
				.isEqualTo("503");
			assertThat(app.status(app.managementHostPort(), "/actuator/health/liveness")).isEqualTo("200");
			TerminationReport report = terminating.join();

			assertThat(report).lostNoRequests()
				.exitedWith(143)
				.wasNotKilled()
				.completedInFlightRequest()
				.exitedWithin(GRACEFUL.dividedBy(2));
			assertThat(report.traffic().sent()).isGreaterThan(100);
			assertThat(report.timeline()).extracting(TerminationReport.Phase::phase)
				.anyMatch((phase) -> phase.startsWith("drain begins"))
				.contains("JVM exits with 143");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "script-exec, true", "tini, false", "dumb-init, false", "script-trap, false" })
	void fixedVariantsShutDownGracefully(String target, boolean jvmIsPid1) {
		try (SampleApp app = SampleApp.start(target, "signal-path-" + target)) {
			assertThat(app.pid1().startup()).isGraceful();
			assertThat(app.pid1().startup().jvmIsPid1()).isEqualTo(jvmIsPid1);

			assertThat(app.terminate(COMPLETES)).lostNoRequests()
				.exitedWith(143)
				.completedInFlightRequest()
				.exitedWithin(GRACEFUL.dividedBy(2));
		}
	}

	/**
	 * The kit's negative control for the verdict and the termination: its failures carry
	 * pid1's fix.
	 */
	@Test
	void wrapperScriptWithoutExecFailsWithTheFix() {
		try (SampleApp app = SampleApp.start("script-no-exec", "signal-path-script-no-exec")) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup).hasVerdict(Verdict.DROPPED);
			assertThat(startup.jvmIsPid1()).isFalse();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(startup).isGraceful())
				.withMessageContaining("`sh` (pid 1) is PID 1 with no SIGTERM handler")
				.withMessageContaining("Fix: start the JVM with `exec java ...` in start-no-exec.sh");

			TerminationReport report = app.terminate(STUCK.gracePeriod(DROPPED));

			assertThat(report.exitCode()).as("128 + SIGKILL at the end of the grace period").isEqualTo(137);
			assertThat(report.killed()).isTrue();
			assertThat(report.terminationToExit()).isGreaterThanOrEqualTo(DROPPED.minusMillis(100));
			assertThat(report.inFlight().completed()).as("the request in flight was cut").isFalse();
			assertThat(report.timeline()).as("the JVM never heard SIGTERM").isEmpty();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).exitedWith(143))
				.withMessageContaining("exited with 137 (SIGKILLed at the end of the grace period)")
				.withMessageContaining("Fix: start the JVM with `exec java ...` in start-no-exec.sh");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tini-sh", "tini-group-sh" })
	void initInFrontOfAShellCutsTheShutdownShort(String target) {
		try (SampleApp app = SampleApp.start(target, "signal-path-" + target)) {
			assertThat(app.pid1().startup()).hasVerdict(Verdict.CUT_SHORT);

			TerminationReport report = app.terminate(STUCK.gracePeriod(GRACEFUL));

			// The exit code looks graceful: tini exits with 128 + the signal that killed
			// sh. The cut request and the refused traffic tell.
			assertThat(report).exitedWith(143).wasNotKilled().exitedWithin(GRACEFUL.dividedBy(2));
			assertThat(report.inFlight().completed()).isFalse();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).lostNoRequests())
				.withMessageContaining("requests failed during the termination")
				.withMessageContaining("CUT_SHORT")
				.withMessageContaining("Fix: start the JVM with `exec java ...` in start-no-exec.sh");
		}
	}

	@Test
	void jvmWithXrsFailsWithTheFix() {
		try (SampleApp app = SampleApp.start("xrs", "signal-path-xrs")) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup).hasVerdict(Verdict.DROPPED);
			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(startup.termHandled()).isFalse();

			TerminationReport report = app.terminate(SampleApp.UNDER_LOAD.gracePeriod(DROPPED));

			assertThat(report.exitCode()).isEqualTo(137);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).wasNotKilled())
				.withMessageContaining("Fix: remove -Xrs from the JVM options");
		}
	}

}
