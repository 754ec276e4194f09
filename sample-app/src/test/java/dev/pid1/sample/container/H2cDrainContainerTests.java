package dev.pid1.sample.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request longer than the drain, over h2c, as users deploy: the executable jar
 * ({@code java -jar}, Spring Boot's nested-jar launcher) in an image, the JVM as PID 1,
 * {@code server.http2.enabled=true}. The request (6 s) is sent with prior knowledge on a
 * connection of its own about 1 s before SIGTERM; the drain ends at most 2 s after
 * SIGTERM and Spring's graceful close begins while the stream is still running. It
 * completes: 200 with the whole body, exit 143. Jetty used to reset it (RST_STREAM,
 * CANCEL) as the graceful close began. Jetty on Java 17 and 25, Tomcat as its twin on 25;
 * the images are the compatibility matrix's.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class H2cDrainContainerTests {

	private static final Duration REQUEST = Duration.ofSeconds(6);

	/**
	 * h2c on, and the drain capped at 2 s: on a loaded machine late requests of the
	 * traffic could otherwise stretch the quiet period past the h2c request.
	 */
	private static final Map<String, String> ENV = Map.of("SERVER_HTTP2_ENABLED", "true", "PID1_SHUTDOWN_DRAINMAX",
			"2s");

	/**
	 * Light HTTP/1.1 traffic for 1 s before SIGTERM and 0.5 s after.
	 */
	private static final Termination TERMINATION = SampleApp.UNDER_LOAD.traffic("/orders", 10)
		.lag(Duration.ofMillis(500));

	static Stream<Server> servers() {
		return Stream.of(new Server("jetty", 17), new Server("jetty", 25), new Server("tomcat", 25));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("servers")
	void aRequestLongerThanTheDrainCompletes(Server server) throws Exception {
		String image = ContainerEngine.image("jvm-pid1", server.jar(), server.java());
		try (SampleApp app = SampleApp.startImage(image, "h2c-" + server, ENV, (cmd) -> {
		})) {
			assertThat(app.pid1().startup()).isGraceful().isActive();
			long sent = System.nanoTime();
			CompletableFuture<H2cRequest> slow = CompletableFuture.supplyAsync(() -> H2cRequest.get(app.appHostPort(),
					"/orders/report?millis=" + REQUEST.toMillis(), Duration.ofMinutes(2)));
			TerminationReport report = app.terminate(TERMINATION);
			long returned = System.nanoTime();
			H2cRequest response = slow.get(2, TimeUnit.MINUTES);
			System.out.println("[h2c] " + server + ": " + response + "; SIGTERM->exit " + report.sigtermToExit()
					+ ", exit " + report.exitCode() + ", " + report.timeline());

			assertThat(response.failure()).as("the h2c request longer than the drain: %s", response).isNull();
			assertThat(response.status()).as("its status").isEqualTo(200);
			assertThat(response.body()).as("its body").contains("\"tookMillis\":" + REQUEST.toMillis());
			assertThat(report).lostNoRequests().exitedWith(143).wasNotKilled();
			// SIGTERM came before terminate() returned by at least SIGTERM->exit: the
			// response ended after the graceful close began.
			long close = report.timeline()
				.stream()
				.filter((phase) -> phase.phase().startsWith("graceful close"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no graceful close in " + report.timeline()))
				.millis();
			Duration sigtermAtMost = Duration.ofNanos(returned - sent).minus(report.sigtermToExit());
			assertThat(response.took()).as("the response, after the graceful close began (%s)", report.timeline())
				.isGreaterThan(sigtermAtMost.plusMillis(close));
		}
	}

	/**
	 * A web server's app on a Java.
	 *
	 * @param server {@code jetty} ({@code compatibility/jetty-app}) or {@code tomcat}
	 * (the sample app)
	 * @param java the Java of the image
	 */
	record Server(String server, int java) {

		Path jar() {
			if (this.server.equals("tomcat")) {
				return ContainerEngine.jar();
			}
			String version = System.getProperty("pid1.version", "0.1.0-SNAPSHOT");
			return ContainerEngine.repository()
				.resolve("compatibility/jetty-app/target/pid1-compat-jetty-app-" + version + ".jar");
		}

		@Override
		public String toString() {
			return "java" + this.java + "-" + this.server;
		}

	}

}
