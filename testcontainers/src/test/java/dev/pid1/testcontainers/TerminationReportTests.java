package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TerminationReport}, its timeline and the assertions' messages.
 *
 * @author pid1 authors
 */
class TerminationReportTests {

	private static final String LOGS = """
			2026-12-01T09:00:01.000Z  INFO 1 --- [app] [pid1-shutdown] d.p.s.ShutdownCoordinator : pid1 shutdown +     0 ms  shutdown begins: SIGTERM
			2026-12-01T09:00:01.001Z  INFO 1 --- [app] [pid1-shutdown] d.p.s.ShutdownCoordinator : pid1 shutdown +     1 ms  readiness REFUSING_TRAFFIC
			2026-12-01T09:00:01.002Z  INFO 1 --- [app] [pid1-shutdown] d.p.s.ShutdownCoordinator : pid1 shutdown +     2 ms  drain begins: min 3 s, quiet period 2 s, max 20 s
			2026-12-01T09:00:05.000Z  INFO 1 --- [app] [pid1-shutdown] d.p.s.ShutdownCoordinator : pid1 shutdown +  3991 ms  drain ends: quiet for 2 s, 57 requests during the drain
			2026-12-01T09:00:05.100Z  INFO 1 --- [app] [pid1-shutdown] d.p.s.ShutdownCoordinator : pid1 shutdown +  4034 ms  JVM exits with 143
			""";

	private static final Termination TERMINATION = Termination.kubernetes()
		.traffic("/orders", 100)
		.gracePeriod(Duration.ofSeconds(4));

	@Test
	void parsesPid1sTimeline() {
		List<TerminationReport.Phase> timeline = TerminationReport.timeline(LOGS + "Started App in 2 seconds\n");
		assertThat(timeline).extracting(TerminationReport.Phase::millis).containsExactly(0L, 1L, 2L, 3991L, 4034L);
		assertThat(timeline.get(2).phase()).isEqualTo("drain begins: min 3 s, quiet period 2 s, max 20 s");
		assertThat(timeline.get(3)).hasToString("+  3991 ms  drain ends: quiet for 2 s, 57 requests during the drain");
		assertThat(TerminationReport.timeline("no pid1 here\n")).isEmpty();
	}

	@Test
	void aGracefulTerminationPasses() {
		TerminationReport report = new TerminationReport(startup(Verdict.GRACEFUL), TERMINATION,
				new TerminationReport.Traffic(400, 0, 0, Map.of(), null), null, Duration.ofMillis(4100),
				Duration.ofMillis(4100), 143, false,
				new TerminationReport.RequestOutcome(200, null, Duration.ofMillis(5000)),
				TerminationReport.timeline(LOGS));
		assertThat(report).lostNoRequests().exitedWith(143).wasNotKilled().completedInFlightRequest();
		assertThat(report.summary()).contains("0 failed of 400", "exit code 143", "SIGTERM -> exit 4100 ms",
				"request in flight: HTTP 200 after 5000 ms", "+  3991 ms  drain ends");
	}

	@Test
	void grpcCallsAreReportedByStatusAndACutStreamFails() {
		GrpcCalls calls = new GrpcCalls(Map.of("OK", 313L, "UNAVAILABLE", 87L), new GrpcCalls.StreamOutcome(
				"UNAVAILABLE", "Connection closed after GOAWAY", 22, Duration.ofMillis(3200)));
		TerminationReport report = new TerminationReport(startup(Verdict.GRACEFUL), TERMINATION,
				new TerminationReport.Traffic(400, 87, 0, Map.of("UNAVAILABLE", 87L), Duration.ofMillis(2130)), null,
				Duration.ofMillis(4100), Duration.ofMillis(4100), 143, false, null, TerminationReport.timeline(LOGS),
				calls);
		assertThat(report.summary()).contains("SIGKILL at 4000 ms; gRPC calls for 3000 ms after the termination begins",
				"gRPC calls: 87 failed of 400, by status {",
				"stream in flight: UNAVAILABLE (Connection closed after GOAWAY) after 22 messages, 3200 ms");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).lostNoRequests())
			.withMessageContaining("87 of 400 calls failed during the termination {UNAVAILABLE=87}");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).completedInFlightStream())
			.withMessageContaining("The stream in flight was cut: UNAVAILABLE");
		TerminationReport http = new TerminationReport(startup(Verdict.GRACEFUL), TERMINATION,
				new TerminationReport.Traffic(400, 0, 0, Map.of(), null), null, Duration.ofMillis(4100),
				Duration.ofMillis(4100), 143, false, null, List.of());
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(http).completedInFlightStream())
			.withMessageContaining("No stream was in flight");
	}

	@Test
	void aPreStopHookThatGets404SaysHowToGrantTheEndpoint() {
		TerminationReport report = new TerminationReport(startup(Verdict.GRACEFUL),
				TERMINATION.preStop(PreStop.httpGet(0, "/actuator/prestop")),
				new TerminationReport.Traffic(400, 0, 0, Map.of(), null),
				new TerminationReport.RequestOutcome(404, null, Duration.ofMillis(3)), Duration.ofMillis(4100),
				Duration.ofMillis(4100), 143, false, null, TerminationReport.timeline(LOGS));
		assertThat(report.summary()).contains("preStop: HTTP 404 after 3 ms",
				"management.endpoint.prestop.access=unrestricted",
				"withEnv(\"MANAGEMENT_ENDPOINT_PRESTOP_ACCESS\", \"unrestricted\")");
	}

	@Test
	void aDroppedSigtermFailsWithTheVerdictsFix() {
		TerminationReport report = new TerminationReport(StartupReader.fromLine(StartupReaderTests.NO_EXEC_LINE),
				TERMINATION, new TerminationReport.Traffic(400, 0, 0, Map.of(), null), null, Duration.ofMillis(4000),
				Duration.ofMillis(4000), 137, true,
				new TerminationReport.RequestOutcome(null, "IOException: closed", Duration.ofMillis(4000)), List.of());
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).exitedWith(143))
			.withMessageContaining("Expected exit code 143 but the container exited with 137 (SIGKILLed")
			.withMessageContaining("Why: signal path sh (1) -> java (8): DROPPED")
			.withMessageContaining("Fix: start the JVM with `exec java ...` in start-no-exec.sh")
			.withMessageContaining("Why: the container still ran at the end of the grace period (4 s)");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).completedInFlightRequest())
			.withMessageContaining("The request in flight was cut: IOException: closed");
	}

	@Test
	void lostRequestsWithoutPid1SayWhatToAdd() {
		TerminationReport report = new TerminationReport(StartupReport.ABSENT, TERMINATION,
				new TerminationReport.Traffic(400, 290, 0, Map.of("ConnectException", 290L), Duration.ofMillis(12)),
				null, Duration.ofMillis(900), Duration.ofMillis(900), 143, false, null, List.of());
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).lostNoRequests())
			.withMessageContaining("290 of 400 requests failed during the termination {ConnectException=290}")
			.withMessageContaining("pid1 is not in this image")
			.withMessageContaining("Fix: add dev.pid1:pid1-spring-boot-starter")
			.withMessageContaining("the first sent at +12 ms");
	}

	@Test
	void aCombinedReportDelegates() {
		TerminationReport termination = new TerminationReport(startup(Verdict.GRACEFUL), TERMINATION,
				new TerminationReport.Traffic(400, 0, 0, Map.of(), null), null, Duration.ofMillis(4100),
				Duration.ofMillis(4100), 143, false, null, List.of());
		ReapingReport reaping = new ReapingReport(startup(Verdict.GRACEFUL), null, 2000, 0, Duration.ofMillis(40), 300,
				List.of(), 2000L);
		Pid1Report report = new Pid1Report(startup(Verdict.GRACEFUL), reaping, termination, null);
		assertThat(report).isGraceful().leftNoZombies().keptChildExitCodes().lostNoRequests().exitedWith(143);
		assertThat(report.summary()).contains("signal path java (1): GRACEFUL", "orphan storm of 2000: 0 zombies left",
				"0 wrong of 300 child exit codes");
		ReapingReport zombies = new ReapingReport(StartupReport.ABSENT, null, 2000, 2000, null, 0, List.of(), null);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(new Pid1Report(StartupReport.ABSENT, zombies, null, null)).leftNoZombies())
			.withMessageContaining("2000 zombies were left after an orphan storm of 2000")
			.withMessageContaining("tini -- java");
		ReapingReport noShell = new ReapingReport(startup(Verdict.GRACEFUL), "the image has no shell (sh)", 2000, 0,
				null, 0, List.of(), null);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(noShell).leftNoZombies())
			.withMessageContaining("The orphan storm could not run: the image has no shell");
	}

	static StartupReport startup(Verdict verdict) {
		return new StartupReport(StartupReport.Source.ENDPOINT, verdict, true, true, false, "Linux via JNA", "java (1)",
				null, null, new StartupReport.Reaper(true, "exact", 0), null, null);
	}

}
