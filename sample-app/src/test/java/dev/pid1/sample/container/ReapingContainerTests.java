package dev.pid1.sample.container;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.pid1.testcontainers.OrphanStorm;
import dev.pid1.testcontainers.Pid1Kit;
import dev.pid1.testcontainers.ReapingReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Zombies in a container whose PID 1 is the JVM, through the kit: an orphan storm started
 * inside (each orphan is re-parented to PID 1, as a crashed worker's children are) leaves
 * no zombie behind, while the app's own child processes, started at the same time, keep
 * their exit codes; the sample app's own orphans (the invoice mailer its script leaves in
 * the background) are reaped too. Without reaping, every orphan stays a zombie, and the
 * kit says why.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class ReapingContainerTests {

	private static final int ORPHANS = 2000;

	private static final int INVOICES = 3;

	private static final OrphanStorm STORM = OrphanStorm.of(ORPHANS).childProcesses("/tools/exit-codes?count=300");

	@Test
	void orphanStormLeavesNoZombieAndChildrenKeepTheirExitCodes() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "reaping-jvm-pid1")) {
			assertThat(app.pid1().startup().reaper().mode()).as("the image opens java.lang").isEqualTo("exact");

			ReapingReport report = app.pid1().orphanStorm(STORM);

			assertThat(report).leftNoZombies().keptChildExitCodes();
			assertThat(report.childrenChecked()).isGreaterThanOrEqualTo(300);
			assertThat(report.reaped()).isGreaterThanOrEqualTo(ORPHANS);
		}
	}

	@Test
	void invoicesMailedInTheBackgroundLeaveNoZombie() throws Exception {
		try (SampleApp app = SampleApp.start("jvm-pid1", "reaping-invoices", Map.of("INVOICE_MAIL_DELAY", "1"))) {
			Pid1Kit kit = app.pid1();
			assertThat(post(app, "/orders", "{\"item\":\"espresso beans\",\"quantity\":2}")).isEqualTo(201);
			for (int i = 0; i < INVOICES; i++) {
				// The script returns at once; its mailer, an orphan, exits a second
				// later.
				assertThat(post(app, "/orders/1/invoice", "")).isEqualTo(201);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			String outbox;
			do {
				Thread.sleep(250);
				outbox = app.execInContainer("sh", "-c", "cat /tmp/invoices*/outbox.log 2>/dev/null").getStdout();
			}
			while (outbox.lines().count() < INVOICES && System.nanoTime() < deadline);
			assertThat(outbox.lines()).as("every invoice mailed").hasSize(INVOICES);
			long zombies;
			do {
				zombies = kit.zombies();
			}
			while (zombies > 0 && System.nanoTime() < deadline);
			assertThat(zombies).as("zombies left").isZero();
		}
	}

	/** The kit's negative control for the storm: pid1 there, its reaper off. */
	@Test
	void withoutReapingEveryOrphanStaysAZombieAndTheKitSaysWhy() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "reaping-off", Map.of("PID1_REAPER_MODE", "off"))) {
			ReapingReport report = app.pid1().orphanStorm(OrphanStorm.of(ORPHANS).zombieTimeout(Duration.ofSeconds(3)));

			assertThat(report.zombiesLeft()).isEqualTo(ORPHANS);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).leftNoZombies())
				.withMessageContaining(ORPHANS + " zombies were left after an orphan storm of " + ORPHANS)
				.withMessageContaining("pid1's reaper is off (pid1.reaper.mode=off)");
		}
	}

	/** The sample app without pid1 (PID1_ENABLED=false): the gap a user sees first. */
	@Test
	void withoutPid1TheKitShowsTheGap() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "reaping-no-pid1", Map.of("PID1_ENABLED", "false"))) {
			ReapingReport report = app.pid1()
				.orphanStorm(OrphanStorm.of(200)
					.childProcesses("/tools/exit-codes?count=100")
					.zombieTimeout(Duration.ofSeconds(3)));

			assertThat(report.startup().pid1Present()).isFalse();
			assertThat(report.zombiesLeft()).isEqualTo(200);
			assertThat(report).as("nothing steals the JDK's children either").keptChildExitCodes();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).leftNoZombies())
				.withMessageContaining("pid1 is not in this image")
				.withMessageContaining("Fix: add dev.pid1:pid1-spring-boot-starter, or start the JVM under an init");
		}
	}

	private static int post(SampleApp app, String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.appHostPort() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.discarding()).statusCode();
	}

}
