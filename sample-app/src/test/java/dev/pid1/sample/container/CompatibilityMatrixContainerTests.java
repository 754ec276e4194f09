package dev.pid1.sample.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import tools.jackson.databind.json.JsonMapper;

import dev.pid1.testcontainers.OrphanStorm;
import dev.pid1.testcontainers.ReapingReport;
import dev.pid1.testcontainers.StartupReport;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
 * Beside the executable jar, the sample app in the other shapes users deploy
 * ({@code docker/shapes.Dockerfile}, checked the same way, plus what the shape itself
 * promises): the extracted layout with a Java 25 AOT cache from a training run in the
 * image build, a flat class path as Jib lays it out (with the flags a Jib user sets; a
 * second test shows what pid1 reports without them), and the app processed by Spring AOT
 * and run with {@code -Dspring.aot.enabled=true}.
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

	/**
	 * Kubernetes' termination: traffic to {@code /orders} for 1 s before and 3 s after
	 * SIGTERM (endpoint removal lags the signal), a slow request in flight, 30 s grace.
	 */
	private static final Termination TERMINATION = SampleApp.UNDER_LOAD.traffic("/orders", 50)
		.inFlightRequest("/orders/report?millis=3000");

	/** 2,000 orphans while the app's own children exit with known codes. */
	private static final OrphanStorm STORM = OrphanStorm.of(2000).childProcesses("/tools/exit-codes?count=300");

	/**
	 * The flags a Jib user sets ({@code jvmFlags}, or {@code JAVA_TOOL_OPTIONS}): a flat
	 * class path reads no manifest.
	 */
	private static final String JIB_FLAGS = "--add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED";

	/** The longest the AOT cache's training run may take in the image build. */
	private static final Duration TRAINING_BOUND = Duration.ofSeconds(120);

	private static final Map<String, Outcome> outcomes = new ConcurrentSkipListMap<>();

	static Stream<Cell> cells() {
		Stream<Cell> grid = Stream.of(17, 21, 25)
			.flatMap((java) -> Stream.of(new Cell(java, "tomcat", BOOT, "sample-app", ""),
					new Cell(java, "jetty", BOOT, "jetty-app", ""), new Cell(java, "netty", BOOT, "webflux-app", "")));
		Stream<Cell> boot41 = Stream.of(
				new Cell(25, "tomcat", BOOT_NEXT, "boot41-app", "the starter built against " + BOOT),
				new Cell(21, "netty", BOOT_NEXT, "boot41-webflux-app", "the starter built against " + BOOT_NEXT));
		Stream<Cell> shapes = Stream.of(new Cell(25, "tomcat", BOOT, "sample-app", "", Shape.EXTRACTED_AOT),
				new Cell(25, "tomcat", BOOT, "sample-app", "", Shape.JIB),
				new Cell(21, "tomcat", BOOT, "sample-app", "", Shape.SPRING_AOT));
		Set<String> only = Arrays.stream(System.getProperty("pid1.matrix.cells", "").split(","))
			.map(String::strip)
			.filter((id) -> !id.isEmpty())
			.collect(Collectors.toSet());
		return Stream.of(grid, boot41, shapes)
			.flatMap((cells) -> cells)
			.filter((cell) -> only.isEmpty() || only.contains(cell.id()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cells")
	void cell(Cell cell) {
		Outcome outcome = run(cell, "", Map.of());

		assertThat(outcome.identity()).as("the image runs the cell's Java, server and Spring Boot as PID 1").isEmpty();
		assertThat(outcome.startup()).isGraceful().isActive();
		assertThat(outcome.startup().jvmIsPid1()).as("the JVM is PID 1").isTrue();
		assertThat(outcome.startup().reaper()).as("the reaper's state in the startup report").isNotNull();
		assertThat(outcome.startup().reaper().mode()).as("reaping mode").isEqualTo("exact");
		assertThat(outcome.startup().shutdown().drain()).as("the drain decided at startup").isTrue();
		assertThat(outcome.reaping()).leftNoZombies().keptChildExitCodes();
		assertThat(outcome.termination()).lostNoRequests().completedInFlightRequest().exitedWith(143);
		assertThat(outcome.termination().traffic().sent()).as("requests sent during the termination").isPositive();
		assertThat(outcome.shape()).as("what the shape (" + cell.shape().description + ") promises").isEmpty();
	}

	/**
	 * Jib's flat class path without the flags: no manifest opens {@code java.lang}, so
	 * pid1 cannot read the JDK's child registry and reaps in safe mode, and its report
	 * says so and names the flag. Also the negative control of the Jib cell, whose exact
	 * reaping needs the flags.
	 */
	@Test
	void jibWithoutTheFlagsReapsInSafeModeAndNamesTheFlag() throws Exception {
		String image = ContainerEngine.shapeImage(Shape.JIB.target, 25);
		try (SampleApp app = SampleApp.startImage(image, "matrix-java25-tomcat-jib-no-flags", Map.of(), (cmd) -> {
		})) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup).isGraceful().isActive();
			assertThat(startup.reaper().mode()).as("reaping mode without --add-opens").isEqualTo("safe");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + app.managementHostPort() + "/actuator/pid1"))
					.build(), BodyHandlers.ofString());
			JsonNode reaper = JsonMapper.builder().build().readTree(response.body()).path("reaper");
			assertThat(reaper.path("mode").asString()).isEqualTo("safe");
			assertThat(reaper.path("detail").asString()).as("the endpoint's explanation")
				.contains("--add-opens java.base/java.lang=ALL-UNNAMED");
		}
	}

	/**
	 * The negative control: the same cell with {@code pid1.shutdown.drain=never}. The
	 * connectors close at SIGTERM and the requests that keep coming fail, so the matrix
	 * cannot pass by accident.
	 */
	@Test
	void withoutTheDrainRequestsAfterSigtermFail() {
		Cell cell = new Cell(17, "tomcat", BOOT, "sample-app", "");
		Outcome outcome = run(cell, "pid1.shutdown.drain=never", Map.of("PID1_SHUTDOWN_DRAIN", "never"));

		assertThat(outcome.startup().shutdown().drain()).as("the report says there is no drain").isFalse();
		assertThat(outcome.termination().traffic().failed()).as("failed requests without the drain").isPositive();
		assertThat(outcome.termination().exitCode()).isEqualTo(143);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(outcome.termination()).lostNoRequests());
	}

	@AfterAll
	static void table() {
		if (outcomes.isEmpty()) {
			return;
		}
		StringBuilder table = new StringBuilder(String.format("%n| cell | verdict | failed requests | in flight"
				+ " | SIGTERM->exit | exit code | zombies | wrong exit codes | cell cost |%n|---|---|---|---|---|---|---|---|---|%n"));
		outcomes.forEach((id, outcome) -> table.append(outcome.row()).append(System.lineSeparator()));
		System.out.println("[matrix] " + table);
		write("matrix.md", table.toString(), false);
	}

	/**
	 * Runs a cell on the kit: the startup verdict, an orphan storm while the app's own
	 * children exit, then a termination as Kubernetes does it.
	 * @param cell the cell
	 * @param control empty, or the setting of a negative control (it skips the storm)
	 * @param env the control's environment
	 * @return what happened
	 */
	private static Outcome run(Cell cell, String control, Map<String, String> env) {
		long started = System.nanoTime();
		String name = control.isEmpty() ? cell.toString()
				: cell.id() + "-control (" + cell.describe() + ", " + control + ")";
		String image = cell.image();
		Duration imageTime = Duration.ofNanos(System.nanoTime() - started);
		Map<String, String> environment = new HashMap<>(cell.shape().env);
		environment.putAll(env);
		try (SampleApp app = SampleApp.startImage(image, "matrix-" + cell.id() + (control.isEmpty() ? "" : "-control"),
				environment, (cmd) -> {
				})) {
			StartupReport startup = app.pid1().startup();
			List<String> shape = shapeProblems(cell.shape(), app);
			ReapingReport reaping = control.isEmpty() ? app.pid1().orphanStorm(STORM) : null;
			TerminationReport termination = app.terminate(TERMINATION);
			Outcome outcome = new Outcome(name, identity(cell, app.getLogs()), startup, reaping, termination, shape,
					Duration.ofNanos(System.nanoTime() - started), imageTime);
			outcomes.put(outcome.cell(), outcome);
			System.out.println("[matrix] " + outcome);
			write("matrix.txt", outcome + System.lineSeparator(), true);
			return outcome;
		}
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
		String processed = (cell.shape() == Shape.SPRING_AOT) ? "Starting AOT-processed " : "Starting ";
		return Stream.of(processed, "using Java " + cell.java() + ".", "with PID 1 ", server, "(v" + cell.boot() + ")")
			.filter((expected) -> !logs.contains(expected))
			.map((expected) -> "no '" + expected + "' in the log")
			.toList();
	}

	/**
	 * What a shape promises beyond the usual outcome, and did not keep. The extracted
	 * layout's training run (in the image build, not PID 1) ended by itself with 0 within
	 * the bound and left nothing running, and the JVM as PID 1 used the AOT cache (the
	 * JVM's own {@code -Xlog:aot}).
	 */
	private static List<String> shapeProblems(Shape shape, SampleApp app) {
		if (shape != Shape.EXTRACTED_AOT) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		Map<String, String> training = new HashMap<>();
		read(app, "/app/training.txt").lines()
			.map((line) -> line.split("=", 2))
			.filter((pair) -> pair.length == 2)
			.forEach((pair) -> training.put(pair[0], pair[1].strip()));
		if (!"0".equals(training.get("exit"))) {
			problems.add("the training run exited with " + training.get("exit"));
		}
		long millis = Long.parseLong(training.getOrDefault("millis", "-1"));
		if (millis < 0 || millis > TRAINING_BOUND.toMillis()) {
			problems.add("the training run took " + millis + " ms (bound " + TRAINING_BOUND + ")");
		}
		List<String> left = read(app, "/app/processes.txt").lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.endsWith(" sh") && !line.endsWith(" ps"))
			.toList();
		if (!left.isEmpty()) {
			problems.add("still running after the training run: " + left);
		}
		String aot = read(app, "/tmp/aot.log");
		if (!aot.contains("Opened AOT cache app.aot") || aot.contains("Unable to use") || aot.contains("mismatch")) {
			problems.add("the JVM did not use the AOT cache: " + aot.lines().limit(5).toList());
		}
		return problems;
	}

	private static String read(SampleApp app, String file) {
		try {
			return app.execInContainer("cat", file).getStdout();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
	record Cell(int java, String server, String boot, String app, String starter, Shape shape) {

		Cell(int java, String server, String boot, String app, String starter) {
			this(java, server, boot, app, starter, Shape.JAR);
		}

		String id() {
			return "java" + this.java + "-" + this.server + (this.boot.equals(BOOT) ? "" : "-boot" + this.boot)
					+ ((this.shape != Shape.JAR) ? "-" + this.shape.target : "");
		}

		String image() {
			return (this.shape != Shape.JAR) ? ContainerEngine.shapeImage(this.shape.target, this.java)
					: ContainerEngine.image("jvm-pid1", jar(), this.java);
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
					+ (this.starter.isEmpty() ? "" : ", " + this.starter)
					+ ((this.shape != Shape.JAR) ? ", " + this.shape.description : "");
		}

		@Override
		public String toString() {
			return id() + " (" + describe() + ")";
		}

	}

	/**
	 * How the app is laid out and started in its image.
	 */
	enum Shape {

		/** The executable jar, {@code java -jar} ({@code docker/Dockerfile}). */
		JAR("jvm-pid1", "executable jar", Map.of()),

		/**
		 * Extracted ({@code -Djarmode=tools extract}), {@code java -XX:AOTCache -jar},
		 * the cache from a training run in the image build.
		 */
		EXTRACTED_AOT("extracted-aot", "extracted, AOT cache", Map.of()),

		/**
		 * Jib's flat class path, {@code java -cp @/app/jib-classpath-file}, with its
		 * flags.
		 */
		JIB("jib", "Jib class path, JAVA_TOOL_OPTIONS", Map.of("JAVA_TOOL_OPTIONS", JIB_FLAGS)),

		/**
		 * Spring AOT ({@code spring-boot:process-aot} with {@code pid1.reaper.mode=off}),
		 * {@code -Dspring.aot.enabled=true}, run with the default mode, on the Jib class
		 * path.
		 */
		SPRING_AOT("spring-aot", "Spring AOT, processed with pid1.reaper.mode=off",
				Map.of("JAVA_TOOL_OPTIONS", JIB_FLAGS));

		final String target;

		final String description;

		final Map<String, String> env;

		Shape(String target, String description, Map<String, String> env) {
			this.target = target;
			this.description = description;
			this.env = env;
		}

	}

	/**
	 * What a cell did.
	 *
	 * @param cell the cell
	 * @param identity what the log says that does not fit the cell
	 * @param startup the startup verdict and pid1's state
	 * @param reaping the orphan storm, {@code null} for a control
	 * @param termination the termination under load
	 * @param shape what the shape promises and did not keep
	 * @param cost the cell's time, its image build included
	 * @param image the time its image took (to build, or to find)
	 */
	record Outcome(String cell, List<String> identity, StartupReport startup, ReapingReport reaping,
			TerminationReport termination, List<String> shape, Duration cost, Duration image) {

		@Override
		public String toString() {
			return String.format("%s: %s; %s; %s; cell %.1f s (image %.1f s)%s%s", this.cell, this.startup.verdict(),
					(this.reaping != null) ? this.reaping.summary() : "no orphan storm", this.termination.summary(),
					this.cost.toMillis() / 1000.0, this.image.toMillis() / 1000.0,
					this.identity.isEmpty() ? "" : " " + this.identity, this.shape.isEmpty() ? "" : " " + this.shape);
		}

		String row() {
			TerminationReport.Traffic traffic = this.termination.traffic();
			Duration sigtermToExit = this.termination.sigtermToExit();
			return String.format("| %s | %s | %d of %d | %s | %s | %d | %s | %s | %.0f s |", this.cell,
					this.startup.verdict(), traffic.failed(), traffic.sent(), this.termination.inFlight(),
					(sigtermToExit != null) ? String.format("%.2f s", sigtermToExit.toMillis() / 1000.0) : "-",
					this.termination.exitCode(), (this.reaping != null) ? this.reaping.zombiesLeft() : "-",
					(this.reaping != null)
							? this.reaping.wrongExitCodes().size() + " of " + this.reaping.childrenChecked() : "-",
					this.cost.toMillis() / 1000.0);
		}

	}

}
