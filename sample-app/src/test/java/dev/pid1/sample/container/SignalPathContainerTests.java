package dev.pid1.sample.container;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.pid1.sample.container.SampleAppContainer.Stopped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What {@code docker stop} does to the sample app started each classic way (the build
 * targets of {@code docker/Dockerfile}), and that pid1's startup line predicted it.
 * Graceful variants are stopped with a generous timeout they must finish well within;
 * broken ones with a short one, since they either run into it or end at once.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class SignalPathContainerTests {

	/** Generous: a graceful stop must end long before it. */
	private static final Duration GRACEFUL_TIMEOUT = Duration.ofSeconds(30);

	/** Short: a dropped SIGTERM runs into it, so every second costs test time. */
	private static final Duration DROPPED_TIMEOUT = Duration.ofSeconds(4);

	private static final long SLOW_REQUEST_MILLIS = 5000;

	@Test
	void jvmAsPid1ShutsDownGracefullyAndCompletesTheRequestInFlight() {
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "signal-path-jvm-pid1")) {
			assertThat(app.diagnosisLine()).contains(" INFO ", "pid1: PID 1", "GRACEFUL").doesNotContain("Fix:");
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid").asLong()).isEqualTo(1);
			assertThat(report.get("pid1").asBoolean()).isTrue();
			assertThat(report.at("/container/detected").asBoolean()).isTrue();
			assertThat(report.at("/signals/termHandled").asBoolean()).isTrue();
			assertThat(report.at("/signalPath/verdict").asString()).isEqualTo("GRACEFUL");

			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(SLOW_REQUEST_MILLIS);
			CompletableFuture<Stopped> stopping = app.dockerStopAsync(GRACEFUL_TIMEOUT);

			// pid1's drain: readiness off at once, liveness on, the app still serves.
			assertThat(app.awaitStatus(app.managementPort(), "/actuator/health/readiness", 503, Duration.ofSeconds(10)))
				.isEqualTo("503");
			assertThat(app.status(app.managementPort(), "/actuator/health/liveness")).isEqualTo("200");
			HttpResponse<String> duringDrain = app.get(app.port(), "/orders");
			assertThat(duringDrain.statusCode()).isEqualTo(200);
			assertThat(duringDrain.headers().firstValue("Connection")).as("keep-alive clients reconnect elsewhere")
				.hasValue("close");
			Stopped stopped = stopping.join();

			assertThat(stopped.exitCode()).as("128 + SIGTERM: the JVM exited on the signal").isEqualTo(143);
			assertThat(stopped.took()).as("well within the stop timeout").isLessThan(GRACEFUL_TIMEOUT.dividedBy(2));
			assertCompleted(inFlight);
			assertThat(app.logs()).contains("Graceful shutdown complete", "readiness REFUSING_TRAFFIC",
					"JVM exits with 143");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "script-exec, true", "tini, false", "dumb-init, false", "script-trap, false" })
	void fixedVariantsShutDownGracefully(String target, boolean jvmIsPid1) {
		try (SampleAppContainer app = SampleAppContainer.start(target, "signal-path-" + target)) {
			assertThat(app.diagnosisLine()).contains(" INFO ", "GRACEFUL").doesNotContain("Fix:");
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid1").asBoolean()).isEqualTo(jvmIsPid1);
			assertThat(report.at("/signalPath/verdict").asString()).isEqualTo("GRACEFUL");

			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(SLOW_REQUEST_MILLIS);
			Stopped stopped = app.dockerStop(GRACEFUL_TIMEOUT);

			assertThat(stopped.exitCode()).isEqualTo(143);
			assertThat(stopped.took()).isLessThan(GRACEFUL_TIMEOUT.dividedBy(2));
			assertCompleted(inFlight);
			assertThat(app.logs()).contains("Graceful shutdown complete");
		}
	}

	@Test
	void wrapperScriptWithoutExecIsWarnedAboutAndSigkilledAtTheTimeout() {
		try (SampleAppContainer app = SampleAppContainer.start("script-no-exec", "signal-path-script-no-exec")) {
			assertThat(app.diagnosisLine()).contains(" WARN ", "DROPPED",
					"`sh` (pid 1) is PID 1 with no SIGTERM handler",
					"Fix: start the JVM with `exec java ...` in start-no-exec.sh");
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid1").asBoolean()).isFalse();
			assertThat(report.at("/signalPath/verdict").asString()).isEqualTo("DROPPED");
			assertThat(report.at("/signalPath/hops/0/name").asString()).isEqualTo("sh");

			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(60_000);
			Stopped stopped = app.dockerStop(DROPPED_TIMEOUT);

			assertThat(stopped.exitCode()).as("128 + SIGKILL: docker stop had to kill").isEqualTo(137);
			assertThat(stopped.took()).as("SIGTERM was dropped, so docker stop waited out its timeout")
				.isGreaterThanOrEqualTo(DROPPED_TIMEOUT.minusMillis(100));
			assertCut(inFlight);
			assertThat(app.logs()).as("the JVM never heard SIGTERM").doesNotContain("Commencing graceful shutdown");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tini-sh", "tini-group-sh" })
	void initInFrontOfAShellCutsTheShutdownShort(String target) {
		try (SampleAppContainer app = SampleAppContainer.start(target, "signal-path-" + target)) {
			assertThat(app.diagnosisLine()).contains(" WARN ", "CUT_SHORT", "`sh` (pid ",
					"dies of SIGTERM at once; `tini` (pid 1) then exits",
					"Fix: start the JVM with `exec java ...` in start-no-exec.sh");
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid1").asBoolean()).isFalse();
			assertThat(report.at("/signalPath/verdict").asString()).isEqualTo("CUT_SHORT");

			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(60_000);
			Stopped stopped = app.dockerStop(GRACEFUL_TIMEOUT);

			// The exit code looks graceful: tini exits with 128 + the signal that killed
			// sh. Only the cut request and the missing end of the shutdown tell.
			assertThat(stopped.exitCode()).isEqualTo(143);
			assertThat(stopped.took()).as("ends at once, long before the timeout")
				.isLessThan(GRACEFUL_TIMEOUT.dividedBy(2));
			assertCut(inFlight);
			assertThat(app.logs()).as("the JVM never completed its shutdown")
				.doesNotContain("Graceful shutdown complete");
		}
	}

	@Test
	void jvmWithXrsIsWarnedAboutAndSigkilledAtTheTimeout() {
		try (SampleAppContainer app = SampleAppContainer.start("xrs", "signal-path-xrs")) {
			assertThat(app.diagnosisLine()).contains(" WARN ", "DROPPED",
					"this JVM is PID 1 without a SIGTERM handler (started with -Xrs)",
					"Fix: remove -Xrs from the JVM options");
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid1").asBoolean()).isTrue();
			assertThat(report.at("/signals/termHandled").asBoolean()).isFalse();
			assertThat(report.at("/signalPath/verdict").asString()).isEqualTo("DROPPED");

			Stopped stopped = app.dockerStop(DROPPED_TIMEOUT);

			assertThat(stopped.exitCode()).isEqualTo(137);
			assertThat(stopped.took()).isGreaterThanOrEqualTo(DROPPED_TIMEOUT.minusMillis(100));
			assertThat(app.logs()).doesNotContain("Commencing graceful shutdown");
		}
	}

	static void assertCompleted(CompletableFuture<HttpResponse<String>> inFlight) {
		HttpResponse<String> response = inFlight.orTimeout(2, TimeUnit.MINUTES).join();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"tookMillis\"");
	}

	static void assertCut(CompletableFuture<HttpResponse<String>> inFlight) {
		Throwable failure = catchThrowable(() -> inFlight.orTimeout(2, TimeUnit.MINUTES).join());
		assertThat(failure).as("the request in flight was cut off").isInstanceOf(CompletionException.class);
		assertThat(failure.getCause()).isInstanceOf(java.io.IOException.class);
	}

}
