package dev.pid1.sample.container;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.pid1.sample.container.SampleAppContainer.Stopped;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the shutdown does not fit the time the orchestrator gives it: the JVM as PID 1, a
 * request in flight that outlasts the stop timeout.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class ShutdownContainerTests {

	/**
	 * A stop timeout shorter than the drain: the kill lands mid-drain, the request in
	 * flight is cut, and the shutdown never completes. Only the exit code says what
	 * happened.
	 */
	@Test
	void killedMidDrain() {
		Duration timeout = Duration.ofSeconds(2);
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "shutdown-killed-mid-drain")) {
			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(60_000);
			CompletableFuture<Stopped> stopping = app.dockerStopAsync(timeout);
			assertThat(app.awaitStatus(app.managementPort(), "/actuator/health/readiness", 503, Duration.ofSeconds(2)))
				.as("the drain had begun")
				.isEqualTo("503");
			Stopped stopped = stopping.join();

			assertThat(stopped.exitCode()).as("SIGKILLed by docker stop").isEqualTo(137);
			assertThat(stopped.took()).isGreaterThanOrEqualTo(timeout.minusMillis(100));
			SignalPathContainerTests.assertCut(inFlight);
			assertThat(app.logs()).doesNotContain("JVM exits with", "Graceful shutdown complete");
		}
	}

	/**
	 * The same stuck request, but pid1 knows the grace period: it warns at startup that
	 * the shutdown may not fit, and when its deadline (grace period - 3 s) passes it logs
	 * what is still running and halts, by its own hand and with its logs flushed, before
	 * the SIGKILL.
	 */
	@Test
	void deadlineHaltsAStuckShutdownBeforeTheKill() {
		Duration grace = Duration.ofSeconds(10);
		Map<String, String> env = Map.of("PID1_SHUTDOWN_GRACEPERIOD", Long.toString(grace.toSeconds()),
				"PID1_SHUTDOWN_DRAINMAX", "4s");
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "shutdown-deadline", env, (cmd) -> {
		})) {
			assertThat(app.awaitLog("pid1: The shutdown may not fit the grace period", Duration.ofSeconds(30)))
				.as("startup warned with the arithmetic")
				.isTrue();
			assertThat(app.logs()).contains("drain up to 4 s + in-flight requests up to 10 s"
					+ " (spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 17 s > grace period 10 s");
			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(60_000);
			Stopped stopped = app.dockerStop(grace);

			assertThat(stopped.exitCode()).as("pid1's halt, not docker's SIGKILL").isEqualTo(143);
			assertThat(stopped.took()).isLessThan(grace.minusMillis(1500));
			SignalPathContainerTests.assertCut(inFlight);
			assertThat(app.logs()).contains("pid1: deadline of 7 s passed, halting with exit code 143",
					"Threads still running", "OrderController.report");
		}
	}

}
