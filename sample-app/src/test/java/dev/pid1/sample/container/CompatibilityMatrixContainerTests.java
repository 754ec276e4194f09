package dev.pid1.sample.container;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.pid1.sample.container.ReapingContainerTests.Storm;
import dev.pid1.sample.container.SampleAppContainer.Stopped;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility matrix: each supported Java (17, 21, 25) with each web server
 * (Tomcat, Jetty, Reactor Netty) on Spring Boot 4.0, and Spring Boot 4.1 both ways (the
 * starter built against 4.0 in a 4.1 app, and the starter built against 4.1). Each cell
 * is an executable jar built as users build one ({@code compatibility/*}, the sample app)
 * in an image of that Java, the JVM as PID 1 (exec-form entrypoint), and each is checked
 * by outcome: the startup verdict, an orphan storm (no zombie left, every
 * {@code waitFor()} keeps its code), and a termination as Kubernetes does it (requests
 * keep coming for 3 s after SIGTERM: none fails, the one in flight completes, exit 143).
 * A negative control, the drain turned off, shows that the same checks see lost requests.
 * <p>
 * {@code -Dpid1.matrix.cells=java25-tomcat,java21-jetty} runs only those cells.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class CompatibilityMatrixContainerTests {

	/** How long requests keep coming after SIGTERM: endpoint removal lags the signal. */
	private static final Duration LAG = Duration.ofSeconds(3);

	/** The orchestrator's grace period (Kubernetes' default). */
	private static final Duration GRACE = Duration.ofSeconds(30);

	private static final String BOOT = System.getProperty("pid1.spring-boot.version", "4.0.7");

	private static final String BOOT_NEXT = System.getProperty("pid1.compatibility.spring-boot.version", "4.1.2");

	private static final Map<String, Outcome> outcomes = new ConcurrentSkipListMap<>();

	static Stream<Cell> cells() {
		Stream<Cell> grid = Stream.of(17, 21, 25)
			.flatMap((java) -> Stream.of(new Cell(java, "tomcat", BOOT, "sample-app", ""),
					new Cell(java, "jetty", BOOT, "jetty-app", ""), new Cell(java, "netty", BOOT, "webflux-app", "")));
		Stream<Cell> boot41 = Stream.of(
				new Cell(25, "tomcat", BOOT_NEXT, "boot41-app", "the starter built against " + BOOT),
				new Cell(21, "netty", BOOT_NEXT, "boot41-webflux-app", "the starter built against " + BOOT_NEXT));
		Set<String> only = Arrays.stream(System.getProperty("pid1.matrix.cells", "").split(","))
			.map(String::strip)
			.filter((id) -> !id.isEmpty())
			.collect(Collectors.toSet());
		return Stream.concat(grid, boot41).filter((cell) -> only.isEmpty() || only.contains(cell.id()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cells")
	void cell(Cell cell) throws Exception {
		Outcome outcome = run(cell, "", Map.of());

		assertThat(outcome.identity()).as("the image runs the cell's Java, server and Spring Boot as PID 1").isEmpty();
		assertThat(outcome.verdict()).as("startup verdict").isEqualTo("GRACEFUL");
		assertThat(outcome.active()).as("pid1 active: PID 1, native platform, exact reaping").isTrue();
		assertThat(outcome.drain()).as("the drain decided at startup").isTrue();
		assertThat(outcome.wrongExitCodes()).as("children whose waitFor() lost its code").isZero();
		assertThat(outcome.zombies()).as("zombies left after the orphan storm").isZero();
		assertThat(outcome.failed()).as("failed requests: %s", outcome.failures()).isZero();
		assertThat(outcome.okAfterSigterm()).as("requests served after SIGTERM").isPositive();
		assertThat(outcome.inFlight()).as("the request in flight at SIGTERM").isEqualTo("200");
		assertThat(outcome.exitCode()).as("exit code").isEqualTo(143);
	}

	/**
	 * The negative control: the same cell with {@code pid1.shutdown.drain=never}. The
	 * connectors close at SIGTERM and the requests that keep coming fail, so the matrix
	 * cannot pass by accident.
	 */
	@Test
	void withoutTheDrainRequestsAfterSigtermFail() throws Exception {
		Cell cell = new Cell(17, "tomcat", BOOT, "sample-app", "");
		Outcome outcome = run(cell, "pid1.shutdown.drain=never", Map.of("PID1_SHUTDOWN_DRAIN", "never"));

		assertThat(outcome.drain()).as("the report says there is no drain").isFalse();
		assertThat(outcome.failed()).as("failed requests without the drain").isPositive();
		assertThat(outcome.exitCode()).isEqualTo(143);
	}

	@AfterAll
	static void table() {
		if (outcomes.isEmpty()) {
			return;
		}
		StringBuilder table = new StringBuilder(String.format("%n| cell | verdict | failed requests (ok) | in flight"
				+ " | SIGTERM->exit | exit code | zombies | wrong exit codes | cell cost |%n|---|---|---|---|---|---|---|---|---|%n"));
		outcomes.forEach((id, outcome) -> table.append(outcome.row()).append(System.lineSeparator()));
		System.out.println("[matrix] " + table);
		write("matrix.md", table.toString(), false);
	}

	/**
	 * Runs a cell.
	 * @param cell the cell
	 * @param control empty, or the setting of a negative control (it skips the storm)
	 * @param env the control's environment
	 * @return what happened
	 */
	private static Outcome run(Cell cell, String control, Map<String, String> env) throws Exception {
		long started = System.nanoTime();
		String name = control.isEmpty() ? cell.toString()
				: cell.id() + "-control (" + cell.describe() + ", " + control + ")";
		String image = ContainerEngine.image("jvm-pid1", cell.jar(), cell.java());
		Duration imageTime = Duration.ofNanos(System.nanoTime() - started);
		try (SampleAppContainer app = SampleAppContainer.startImage(image,
				"matrix-" + cell.id() + (control.isEmpty() ? "" : "-control"), env, (cmd) -> {
				})) {
			JsonNode report = app.pid1Report();
			Storm result = new Storm(0, List.of());
			long zombies = 0;
			if (control.isEmpty()) {
				result = ReapingContainerTests.stormWhileChildrenExit(app);
				zombies = ReapingContainerTests.awaitZombies(app, 0, Duration.ofSeconds(30));
			}
			Traffic traffic = Traffic.start(app.port(), "/orders");
			Stopped stopped;
			String inFlight;
			long okAtSigterm;
			try (traffic) {
				assertThat(traffic.awaitOk(20, Duration.ofSeconds(60))).as("traffic flows: %s", traffic.failures())
					.isTrue();
				// The slow request is surely in the app's hands a second after it was
				// sent;
				// traffic has been flowing for as long.
				CompletableFuture<HttpResponse<String>> slow = app.slowRequest(3000);
				okAtSigterm = traffic.ok();
				long sigterm = System.nanoTime();
				CompletableFuture<Stopped> stopping = app.dockerStopAsync(GRACE);
				while (System.nanoTime() - sigterm < LAG.toNanos() && !stopping.isDone()) {
					Thread.sleep(20);
				}
				traffic.close();
				stopped = stopping.join();
				inFlight = slow
					.handle((response, ex) -> (response != null) ? Integer.toString(response.statusCode())
							: "cut: " + ex.getCause())
					.join();
			}
			Outcome outcome = new Outcome(name, identity(cell, app.logs()), report.at("/signalPath/verdict").asString(),
					active(report), report.at("/shutdown/drain").asBoolean(), result.wrong().size(), result.children(),
					zombies, traffic.ok(), traffic.ok() - okAtSigterm, traffic.failed(), traffic.failures(), inFlight,
					stopped.took(), stopped.exitCode(), Duration.ofNanos(System.nanoTime() - started), imageTime);
			outcomes.put(outcome.cell(), outcome);
			System.out.println("[matrix] " + outcome);
			write("matrix.txt", outcome + System.lineSeparator(), true);
			return outcome;
		}
	}

	/**
	 * pid1 does its work: PID 1, the native platform up, exact reaping on (not inert).
	 */
	private static boolean active(JsonNode report) {
		return report.get("pid1").asBoolean() && report.at("/platform/supported").asBoolean()
				&& report.at("/reaper/active").asBoolean() && "exact".equals(report.at("/reaper/mode").asString());
	}

	/**
	 * What the startup log says that does not fit the cell: Java, PID, server, Spring
	 * Boot.
	 */
	private static List<String> identity(Cell cell, String logs) {
		String server = switch (cell.server()) {
			case "tomcat" -> "Tomcat started on port";
			case "jetty" -> "Jetty started on port";
			default -> "Netty started on port";
		};
		return Stream.of("using Java " + cell.java() + ".", "with PID 1 ", server, "(v" + cell.boot() + ")")
			.filter((expected) -> !logs.contains(expected))
			.map((expected) -> "no '" + expected + "' in the log")
			.toList();
	}

	private static void write(String file, String text, boolean append) {
		try {
			Path path = ContainerEngine.logs().resolve(file);
			Files.createDirectories(path.getParent());
			Files.writeString(path, text, StandardOpenOption.CREATE,
					append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			// only a record
		}
	}

	/**
	 * A cell: an app's executable jar on an image of one Java.
	 *
	 * @param java the Java of the image
	 * @param server the web server
	 * @param boot the Spring Boot version the app is built with
	 * @param app the module that builds the jar ({@code sample-app} or one of
	 * {@code compatibility/})
	 * @param starter how the starter differs from the reactor's, if it does
	 */
	record Cell(int java, String server, String boot, String app, String starter) {

		String id() {
			return "java" + this.java + "-" + this.server + (this.boot.equals(BOOT) ? "" : "-boot" + this.boot);
		}

		Path jar() {
			if (this.app.equals("sample-app")) {
				return ContainerEngine.jar();
			}
			String version = System.getProperty("pid1.version", "0.1.0-SNAPSHOT");
			return ContainerEngine.repository()
				.resolve("compatibility/" + this.app + "/target/pid1-compat-" + this.app + "-" + version + ".jar");
		}

		String describe() {
			String server = switch (this.server) {
				case "tomcat" -> "Tomcat";
				case "jetty" -> "Jetty";
				default -> "Reactor Netty";
			};
			return "Java " + this.java + ", " + server + ", Spring Boot " + this.boot
					+ (this.starter.isEmpty() ? "" : ", " + this.starter);
		}

		@Override
		public String toString() {
			return id() + " (" + describe() + ")";
		}

	}

	/**
	 * What a cell did.
	 *
	 * @param cell the cell
	 * @param identity what the log says that does not fit the cell
	 * @param verdict the startup verdict of {@code /actuator/pid1}
	 * @param active whether pid1 is active (see {@link #active(JsonNode)})
	 * @param drain whether the shutdown drains, as the report says at startup
	 * @param wrongExitCodes children whose {@code waitFor()} returned a wrong code
	 * @param children children started during the orphan storm
	 * @param zombies zombies left after it
	 * @param ok requests that succeeded
	 * @param okAfterSigterm of which after SIGTERM
	 * @param failed requests that failed
	 * @param failures the first failures
	 * @param inFlight the status of the request in flight at SIGTERM, or how it was cut
	 * @param sigtermToExit from SIGTERM to the container's exit
	 * @param exitCode the exit code
	 * @param cost the cell's time, its image build included
	 * @param image the time its image took (to build, or to find)
	 */
	record Outcome(String cell, List<String> identity, String verdict, boolean active, boolean drain,
			int wrongExitCodes, int children, long zombies, long ok, long okAfterSigterm, long failed,
			List<String> failures, String inFlight, Duration sigtermToExit, long exitCode, Duration cost,
			Duration image) {

		@Override
		public String toString() {
			return String
				.format("%s: %s, pid1 %s, drain %s; %d failed requests (%d ok, %d after SIGTERM)%s; in flight %s;"
						+ " SIGTERM->exit %.2f s, exit %d; %d zombies, %d wrong exit codes of %d; cell %.1f s (image %.1f s)%s",
						this.cell, this.verdict, this.active ? "active" : "NOT ACTIVE", this.drain, this.failed,
						this.ok, this.okAfterSigterm, this.failures.isEmpty() ? "" : " " + this.failures, this.inFlight,
						this.sigtermToExit.toMillis() / 1000.0, this.exitCode, this.zombies, this.wrongExitCodes,
						this.children, this.cost.toMillis() / 1000.0, this.image.toMillis() / 1000.0,
						this.identity.isEmpty() ? "" : " " + this.identity);
		}

		String row() {
			return String.format("| %s | %s | %d (%d) | %s | %.2f s | %d | %d | %d of %d | %.0f s |", this.cell,
					this.verdict, this.failed, this.ok, this.inFlight, this.sigtermToExit.toMillis() / 1000.0,
					this.exitCode, this.zombies, this.wrongExitCodes, this.children, this.cost.toMillis() / 1000.0);
		}

	}

}
