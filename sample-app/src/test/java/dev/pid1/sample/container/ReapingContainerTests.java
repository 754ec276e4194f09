package dev.pid1.sample.container;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.testcontainers.containers.Container.ExecResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zombies in a container whose PID 1 is the JVM: an orphan storm started inside with
 * {@code docker exec} (each orphan is re-parented to PID 1, as a crashed worker's
 * children are) leaves no zombie behind, while the app's own child processes, started at
 * the same time, keep their exit codes; the sample app's own orphans (the invoice mailer
 * its script leaves in the background) are reaped too. Without reaping, every orphan
 * stays a zombie.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class ReapingContainerTests {

	static final int ORPHANS = 2000;

	private static final int CHILDREN = 300;

	private static final int INVOICES = 3;

	/**
	 * Double-forks: each grandchild's parent (a subshell) exits first, so the grandchild
	 * is re-parented to PID 1, then exits with a code of its own.
	 */
	private static final String ORPHAN_STORM = "n=" + ORPHANS
			+ "; i=0; while [ \"$i\" -lt \"$n\" ]; do ( (exit $((i % 256))) & ); i=$((i + 1)); done";

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void orphanStormLeavesNoZombieAndChildrenKeepTheirExitCodes() throws Exception {
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "reaping-jvm-pid1")) {
			JsonNode reaper = app.pid1Report().path("reaper");
			assertThat(reaper.path("active").asBoolean()).as("reaper: %s", reaper).isTrue();
			assertThat(reaper.path("mode").asString()).as("the image opens java.lang: %s", reaper).isEqualTo("exact");

			Storm storm = stormWhileChildrenExit(app);

			assertThat(storm.wrong()).as("children whose exit code was lost").isEmpty();
			assertThat(awaitZombies(app, 0, Duration.ofSeconds(30))).as("zombies left").isZero();
			assertThat(app.pid1Report().at("/reaper/reaped").asLong()).isGreaterThanOrEqualTo(ORPHANS);
		}
	}

	/**
	 * Runs the orphan storm inside the container while the app starts its own children
	 * again and again ({@value #CHILDREN} a round, at most 10 rounds).
	 * @param app the app
	 * @return how many children the app started, and those whose exit code was lost
	 * @throws Exception if the storm fails
	 */
	static Storm stormWhileChildrenExit(SampleAppContainer app) throws Exception {
		CompletableFuture<ExecResult> storm = CompletableFuture.supplyAsync(() -> app.exec("sh", "-c", ORPHAN_STORM));
		List<Integer> wrong = new ArrayList<>();
		int rounds = 0;
		do {
			// The app's own children exit while the reaper is busy with orphans.
			wrong.addAll(wrongExitCodes(app.get(app.port(), "/tools/exit-codes?count=" + CHILDREN)));
			rounds++;
		}
		while (!storm.isDone() && rounds < 10);
		assertThat(storm.get(5, TimeUnit.MINUTES).getExitCode()).isZero();
		return new Storm(rounds * CHILDREN, wrong);
	}

	@Test
	void invoicesMailedInTheBackgroundLeaveNoZombie() throws Exception {
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "reaping-invoices",
				Map.of("INVOICE_MAIL_DELAY", "1"), (cmd) -> {
				})) {
			assertThat(app.post(app.port(), "/orders", "{\"item\":\"espresso beans\",\"quantity\":2}").statusCode())
				.isEqualTo(201);
			for (int i = 0; i < INVOICES; i++) {
				// The script returns at once; its mailer, an orphan, exits a second
				// later.
				assertThat(app.post(app.port(), "/orders/1/invoice", "").statusCode()).isEqualTo(201);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			String outbox;
			do {
				Thread.sleep(250);
				outbox = app.exec("sh", "-c", "cat /tmp/invoices*/outbox.log 2>/dev/null").getStdout();
			}
			while (outbox.lines().count() < INVOICES && System.nanoTime() < deadline);
			assertThat(outbox.lines()).as("every invoice mailed").hasSize(INVOICES);
			assertThat(awaitZombies(app, 0, Duration.ofSeconds(30))).as("zombies left").isZero();
			assertThat(app.pid1Report().at("/reaper/reaped").asLong()).isGreaterThanOrEqualTo(INVOICES);
		}
	}

	@Test
	void withoutReapingEveryOrphanStaysAZombie() throws Exception {
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "reaping-off",
				Map.of("PID1_REAPER_MODE", "off"), (cmd) -> {
				})) {
			assertThat(app.exec("sh", "-c", ORPHAN_STORM).getExitCode()).isZero();
			assertThat(awaitZombies(app, ORPHANS, Duration.ofSeconds(30))).isEqualTo(ORPHANS);
		}
	}

	private static List<Integer> wrongExitCodes(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode codes = json.readTree(response.body()).path("exitCodes");
		assertThat(codes.size()).isEqualTo(CHILDREN);
		List<Integer> wrong = new ArrayList<>();
		for (int i = 0; i < codes.size(); i++) {
			if (codes.get(i).asInt() != i % 256) {
				wrong.add(i);
			}
		}
		return wrong;
	}

	/**
	 * Counts zombies in the container with {@code ps} until there are as many as
	 * expected, or the timeout ends.
	 */
	static long awaitZombies(SampleAppContainer app, long expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long zombies;
		do {
			ExecResult ps = app.exec("ps", "-e", "-o", "stat=");
			assertThat(ps.getExitCode()).isZero();
			zombies = ps.getStdout().lines().filter((stat) -> stat.trim().startsWith("Z")).count();
			if (zombies == expected) {
				return zombies;
			}
			Thread.sleep(250);
		}
		while (System.nanoTime() < deadline);
		return zombies;
	}

	/**
	 * An orphan storm's outcome for the app's own children.
	 *
	 * @param children how many children the app started during the storm
	 * @param wrong the children whose {@code waitFor()} returned another code than theirs
	 */
	record Storm(int children, List<Integer> wrong) {

	}

}
