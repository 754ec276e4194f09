package dev.pid1.testcontainers;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link GraceBudget}.
 *
 * @author pid1 authors
 */
class GraceBudgetTests {

	private static StartupReport pid1(Duration drainMax, Duration deadline) {
		return new StartupReport(StartupReport.Source.ENDPOINT, Verdict.GRACEFUL, true, true, false, null, "java (1)",
				null, null, null, new StartupReport.Shutdown(true, drainMax, deadline), null);
	}

	@Test
	void fitsWhenDrainCloseAndMarginFit() {
		GraceBudget budget = GraceBudget.of(Duration.ofSeconds(35), "deployment.yaml",
				pid1(Duration.ofSeconds(20), Duration.ofSeconds(32)), Duration.ofSeconds(10), null);
		assertThat(budget.needed()).isEqualTo(Duration.ofSeconds(33));
		assertThat(budget.problems()).isEmpty();
		assertThat(budget).fits();
	}

	@Test
	void aGracePeriodTooShortFailsWithTheArithmeticAndTheFix() {
		GraceBudget budget = GraceBudget.of(Duration.ofSeconds(10), "deployment.yaml",
				pid1(Duration.ofSeconds(20), Duration.ofSeconds(27)), Duration.ofSeconds(10), null);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(budget).fits())
			.withMessageContaining("drain up to 20 s + in-flight requests up to 10 s"
					+ " (spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 33 s >"
					+ " terminationGracePeriodSeconds 10 s (deployment.yaml)")
			.withMessageContaining("Fix: raise terminationGracePeriodSeconds")
			.withMessageContaining("pid1's deadline (27 s after the shutdown begins) is not before the end of the"
					+ " grace period 10 s")
			.withMessageContaining("PID1_SHUTDOWN_GRACEPERIOD=10");
	}

	@Test
	void aPreStopSleepCounts() {
		GraceBudget budget = GraceBudget.of(Duration.ofSeconds(30), "given", StartupReport.ABSENT,
				Duration.ofSeconds(30), PreStop.sleep(Duration.ofSeconds(5)));
		assertThat(budget.drainMax()).isZero();
		assertThat(budget.deadline()).isNull();
		assertThat(budget.needed()).isEqualTo(Duration.ofSeconds(38));
		assertThat(budget.problems()).singleElement()
			.asString()
			.contains("preStop sleep 5 s + drain up to 0 s + in-flight requests up to 30 s");
	}

}
