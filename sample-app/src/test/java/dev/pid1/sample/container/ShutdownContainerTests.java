package dev.pid1.sample.container;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.pid1.testcontainers.GraceBudget;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * When the shutdown does not fit the grace period: the JVM as PID 1, a request in flight
 * that outlasts it. The kit's negative controls for a grace period too short.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class ShutdownContainerTests {

	private static final Termination STUCK = SampleApp.UNDER_LOAD.inFlightRequest("/orders/report?millis=60000");

	/**
	 * {@code spring.main.register-shutdown-hook=false} as a deployment sets it (an
	 * environment variable): Spring Boot's hook closes no context, so pid1 closes it as
	 * the hook would. The executable jar in its image, the JVM PID 1, under load: nothing
	 * lost, the request in flight completed, exit 143.
	 */
	@Test
	void withoutSpringBootsShutdownHookTheCloseStaysGraceful() {
		Map<String, String> env = Map.of("SPRING_MAIN_REGISTERSHUTDOWNHOOK", "false");
		try (SampleApp app = SampleApp.start("jvm-pid1", "shutdown-no-hook", env)) {
			TerminationReport report = app
				.terminate(SampleApp.UNDER_LOAD.inFlightRequest("/orders/report?millis=4000"));

			assertThat(report).lostNoRequests().exitedWith(143).wasNotKilled().completedInFlightRequest();
			assertThat(app.getLogs()).contains("the context is still open (spring.main.register-shutdown-hook=false)",
					"graceful close: lifecycles stop");
		}
	}

	/**
	 * A grace period shorter than the shortest drain: the kill lands mid-drain, the
	 * request in flight is cut, and the shutdown never completes. The kit says the
	 * shutdown did not fit.
	 */
	@Test
	void killedMidDrain() {
		Duration grace = Duration.ofSeconds(2);
		try (SampleApp app = SampleApp.start("jvm-pid1", "shutdown-killed-mid-drain")) {
			assertThat(app.pid1().startup()).isGraceful();
			TerminationReport report = app.terminate(STUCK.gracePeriod(grace));

			assertThat(report.exitCode()).as("SIGKILLed at the end of the grace period").isEqualTo(137);
			assertThat(report.killed()).isTrue();
			assertThat(report.terminationToExit()).isGreaterThanOrEqualTo(grace.minusMillis(100));
			assertThat(report.inFlight().completed()).isFalse();
			assertThat(report.timeline()).as("the kill leaves no timeline").isEmpty();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).wasNotKilled())
				.withMessageContaining("the shutdown did not fit. Fix: raise terminationGracePeriodSeconds");
		}
	}

	/**
	 * The same stuck request, but pid1 knows the grace period: the kit's budget shows the
	 * arithmetic that does not fit, and when pid1's deadline (grace period - 3 s) passes
	 * it halts the JVM by its own hand, with its logs flushed, before the SIGKILL.
	 */
	@Test
	void deadlineHaltsAStuckShutdownBeforeTheKill() {
		Duration grace = Duration.ofSeconds(10);
		Map<String, String> env = Map.of("PID1_SHUTDOWN_GRACEPERIOD", Long.toString(grace.toSeconds()),
				"PID1_SHUTDOWN_DRAINMAX", "4s");
		try (SampleApp app = SampleApp.start("jvm-pid1", "shutdown-deadline", env)) {
			GraceBudget budget = app.pid1().phaseTimeout(Duration.ofSeconds(10)).graceBudget(grace);
			assertThat(budget.needed()).isEqualTo(Duration.ofSeconds(17));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(budget).fits())
				.withMessageContaining("drain up to 4 s + in-flight requests up to 10 s"
						+ " (spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 17 s >"
						+ " terminationGracePeriodSeconds 10 s")
				.withMessageContaining("Fix: raise terminationGracePeriodSeconds");
			assertThat(budget.deadline()).as("pid1 was told the grace period").isEqualTo(Duration.ofSeconds(7));
			assertThat(app.getLogs()).as("pid1's own check at startup agrees")
				.contains("pid1: The shutdown may not fit the grace period: drain up to 4 s");

			// Light traffic: the point is the deadline, which must not starve on a busy
			// machine.
			TerminationReport report = app.terminate(STUCK.traffic("/orders", 10).gracePeriod(grace));

			assertThat(report).as("pid1's halt, not the SIGKILL").exitedWith(143).wasNotKilled();
			assertThat(report.terminationToExit()).isLessThan(grace.minusMillis(1500));
			assertThat(report.inFlight().completed()).isFalse();
			assertThat(report.timeline()).extracting(TerminationReport.Phase::phase)
				.anyMatch((phase) -> phase.startsWith("halt: "));
			assertThat(app.getLogs()).contains("pid1: deadline of 7 s passed, halting with exit code 143",
					"OrderController.report");
		}
	}

}
