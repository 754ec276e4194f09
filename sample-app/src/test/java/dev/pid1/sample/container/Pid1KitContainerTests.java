package dev.pid1.sample.container;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.testcontainers.images.builder.ImageFromDockerfile;

import dev.pid1.testcontainers.OrphanStorm;
import dev.pid1.testcontainers.Pid1Container;
import dev.pid1.testcontainers.Pid1Report;
import dev.pid1.testcontainers.StartupReport;
import dev.pid1.testcontainers.TerminationReport;
import dev.pid1.testcontainers.Verdict;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kit's own checks against images that pass and images that fail them, and the
 * failure messages users see: the startup verdict read from the log when
 * {@code /actuator/pid1} is not exposed, the sample app without pid1
 * ({@code PID1_ENABLED=false}: what plain Spring Boot does), an image without a shell,
 * and one check that runs everything, as a cell of a test matrix would.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class Pid1KitContainerTests {

	/** Only health exposed: the kit falls back to pid1's startup line. */
	private static final Map<String, String> NO_ENDPOINT = Map.of("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE",
			"health");

	private static volatile String noShellImage;

	@Test
	void readsTheVerdictFromTheLogWithoutTheEndpoint() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "kit-log-jvm-pid1", NO_ENDPOINT)) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup.source()).isEqualTo(StartupReport.Source.LOG);
			assertThat(startup).isGraceful();
			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(startup.chain()).isEqualTo("java (1)");
		}
	}

	@Test
	void aWrapperWithoutExecFailsFromTheLogWithTheFix() {
		try (SampleApp app = SampleApp.start("script-no-exec", "kit-log-script-no-exec", NO_ENDPOINT)) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup.source()).isEqualTo(StartupReport.Source.LOG);
			assertThat(startup.verdict()).isEqualTo(Verdict.DROPPED);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(startup).isGraceful())
				.withMessageContaining("signal path sh (1) -> java (")
				.withMessageContaining("Fix: start the JVM with `exec java ...` in start-no-exec.sh");
		}
	}

	/**
	 * Spring Boot's structured console logging (one JSON object per line): the kit reads
	 * the verdict from the startup line's message and the timeline from the shutdown's.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void readsTheVerdictAndTheTimelineFromAStructuredLog(String format) {
		Map<String, String> env = new HashMap<>(NO_ENDPOINT);
		env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", format);
		try (SampleApp app = SampleApp.start("jvm-pid1", "kit-structured-" + format, env)) {
			assertThat(app.getLogs()).contains("{\"@timestamp\":");
			StartupReport startup = app.pid1().startup();
			assertThat(startup.source()).isEqualTo(StartupReport.Source.LOG);
			assertThat(startup).isGraceful();
			assertThat(startup.chain()).isEqualTo("java (1)");

			TerminationReport report = app.terminate(SampleApp.UNDER_LOAD);

			assertThat(report).lostNoRequests().exitedWith(143).wasNotKilled();
			assertThat(report.timeline()).extracting(TerminationReport.Phase::phase)
				.first()
				.isEqualTo("shutdown begins: SIGTERM");
			assertThat(report.timeline()).extracting(TerminationReport.Phase::phase)
				.anyMatch((phase) -> phase.startsWith("drain begins"))
				.last()
				.isEqualTo("JVM exits with 143");
		}
	}

	/**
	 * A port of the host that another process took after the kit chose it: the app cannot
	 * bind it and exits, and the container starts again on other ports.
	 */
	@Test
	void aPortTakenOnTheHostIsRetriedOnAnother() throws IOException {
		try (ServerSocket other = new ServerSocket(0)) {
			int taken = other.getLocalPort();
			AtomicInteger picks = new AtomicInteger();
			try (Pid1Container app = new Pid1Container(ContainerEngine.image("jvm-pid1")) {

				@Override
				protected int pickHostPort() {
					return (picks.getAndIncrement() == 0) ? taken : super.pickHostPort();
				}

			}.withManagementPort(8081).withHostNetwork()) {
				app.start();
				assertThat(picks).as("ports picked: 2 per attempt").hasValue(4);
				assertThat(app.appHostPort()).isNotEqualTo(taken);
				assertThat(app.pid1().startup()).isGraceful();
			}
		}
	}

	/**
	 * Plain Spring Boot under the same termination: it stops accepting at SIGTERM while
	 * the traffic goes on, and the kit says what to add.
	 */
	@Test
	void withoutPid1RequestsAreLostAndTheKitSaysWhatToAdd() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "kit-no-pid1", Map.of("PID1_ENABLED", "false"))) {
			assertThat(app.pid1().startup().pid1Present()).isFalse();

			TerminationReport report = app.terminate(SampleApp.UNDER_LOAD);

			assertThat(report).exitedWith(143).wasNotKilled();
			assertThat(report.traffic().failed()).as("refused after SIGTERM").isPositive();
			assertThat(report.traffic().failedBeforeTermination()).isZero();
			assertThat(report.timeline()).isEmpty();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).lostNoRequests())
				.withMessageContaining("requests failed during the termination")
				.withMessageContaining("pid1 is not in this image")
				.withMessageContaining("Fix: add dev.pid1:pid1-spring-boot-starter");
		}
	}

	/**
	 * An image without a shell: every check that needs none still works; the orphan storm
	 * says it cannot run.
	 */
	@Test
	void anImageWithoutAShellIsCheckedWithoutOne() {
		try (Pid1Container app = new Pid1Container(noShellImage()).withManagementPort(8081).withHostNetwork()) {
			app.start();
			assertThat(app.pid1().startup()).isGraceful();
			assertThat(app.pid1().orphanStorm(OrphanStorm.of(10)).skipped()).contains("no shell");
			assertThat(app.pid1().terminate(SampleApp.UNDER_LOAD)).lostNoRequests().exitedWith(143).wasNotKilled();
		}
	}

	/** What a cell of a test matrix runs: image and environment in, every outcome out. */
	@Test
	void oneCheckRunsEverything() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "kit-check")) {
			Pid1Report report = app.pid1()
				.phaseTimeout(Duration.ofSeconds(10))
				.check(SampleApp.UNDER_LOAD.gracePeriod(Duration.ofSeconds(35)),
						OrphanStorm.of(500).childProcesses("/tools/exit-codes?count=100"));

			assertThat(report).isGraceful()
				.leftNoZombies()
				.keptChildExitCodes()
				.fitsGracePeriod()
				.lostNoRequests()
				.exitedWith(143);
			assertThat(report.summary()).contains("GRACEFUL", "orphan storm of 500: 0 zombies left", "0 failed of");
		}
	}

	/** The sample app with every shell removed (exec-form RUN needs none). */
	private static synchronized String noShellImage() {
		if (noShellImage == null) {
			String base = ContainerEngine.image("jvm-pid1");
			String tag = base.replace(":jvm-pid1-", ":no-shell-");
			try {
				noShellImage = new ImageFromDockerfile(tag, false)
					.withDockerfileFromBuilder((dockerfile) -> dockerfile.from(base)
						.run("/usr/bin/rm", "-f", "/usr/bin/sh", "/usr/bin/dash", "/usr/bin/bash", "/usr/bin/rbash")
						.build())
					.get(5, TimeUnit.MINUTES);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Building " + tag + " failed", ex);
			}
		}
		return noShellImage;
	}

}
