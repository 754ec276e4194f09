package dev.pid1.sample.container;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample app in a container on the host's network (there is no bridge here), on two
 * ports of its own, driven the way an orchestrator drives it: {@code docker stop} with a
 * timeout, then the exit code. Superseded by the kit ({@link SampleApp}, which the
 * container tests use); kept only for tests not yet ported onto it.
 *
 * @author pid1 authors
 */
final class SampleAppContainer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private final GenericContainer<?> container;

	private final String name;

	private final int port;

	private final int managementPort;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private SampleAppContainer(String target, String name, Map<String, String> env,
			Consumer<CreateContainerCmd> modifier) {
		this.name = name;
		this.port = freePort();
		this.managementPort = freePort();
		Map<String, String> environment = new LinkedHashMap<>(env);
		environment.put("PORT", Integer.toString(this.port));
		environment.put("MANAGEMENT_PORT", Integer.toString(this.managementPort));
		this.container = new GenericContainer<>(DockerImageName.parse(ContainerEngine.image(target)))
			.withNetworkMode("host")
			.withEnv(environment)
			.withCreateContainerCmdModifier(modifier)
			.waitingFor(
					Wait.forLogMessage(".*Started OrderServiceApplication.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
	}

	/**
	 * Starts a variant of the sample app and waits until it has started.
	 * @param target the build target of {@code docker/Dockerfile}
	 * @param name names the log file under {@code target/container-logs}
	 * @return the running container
	 */
	static SampleAppContainer start(String target, String name) {
		return start(target, name, Map.of(), (cmd) -> {
		});
	}

	/**
	 * Starts a variant of the sample app with more environment and container settings.
	 * @param target the build target of {@code docker/Dockerfile}
	 * @param name names the log file under {@code target/container-logs}
	 * @param env more environment variables
	 * @param modifier changes the container's creation (user, limits, mounts)
	 * @return the running container
	 */
	static SampleAppContainer start(String target, String name, Map<String, String> env,
			Consumer<CreateContainerCmd> modifier) {
		ContainerEngine.assumeAvailable();
		SampleAppContainer app = new SampleAppContainer(target, name, env, modifier);
		try {
			app.container.start();
		}
		catch (RuntimeException ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	int port() {
		return this.port;
	}

	int managementPort() {
		return this.managementPort;
	}

	/**
	 * The line pid1 logs at startup about the signal path. It is written on a background
	 * thread once the native platform has loaded, so it may follow the "Started" line.
	 * @return the line, with its level
	 */
	String diagnosisLine() {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<String> line = logs().lines()
				.filter((candidate) -> candidate.contains("pid1: ") && candidate.contains("signal path"))
				.findFirst();
			if (line.isPresent()) {
				return line.get();
			}
			sleep(200);
		}
		throw new AssertionError("pid1 logged no signal-path line within 60 s:\n" + logs());
	}

	String logs() {
		return this.container.getLogs();
	}

	/**
	 * Waits until the container's output contains a text.
	 * @param text the text
	 * @param timeout how long to wait
	 * @return whether it appeared
	 */
	boolean awaitLog(String text, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (logs().contains(text)) {
				return true;
			}
			sleep(200);
		}
		return false;
	}

	/**
	 * pid1's report of this JVM, read from inside the container through
	 * {@code /actuator/pid1}.
	 * @return the report
	 */
	JsonNode pid1Report() {
		HttpResponse<String> response = get(this.managementPort, "/actuator/pid1");
		if (response.statusCode() != 200) {
			throw new AssertionError("/actuator/pid1 answered " + response.statusCode() + ": " + response.body());
		}
		return json.readTree(response.body());
	}

	HttpResponse<String> get(int port, String path) {
		try {
			return this.http.send(request(port, path, Duration.ofSeconds(30)), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + path + " on port " + port + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	HttpResponse<String> post(int port, String path, String json) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			return this.http.send(request, BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("POST " + path + " on port " + port + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * The HTTP status of a GET, or the failure as text.
	 * @param port the port
	 * @param path the path
	 * @return the status, or the exception's class and message
	 */
	String status(int port, String path) {
		try {
			return Integer
				.toString(this.http.send(request(port, path, Duration.ofSeconds(10)), BodyHandlers.discarding())
					.statusCode());
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Starts a slow request on the main port and waits until it is surely in the app's
	 * hands: the connection has been accepted and the request sent for a second.
	 * @param millis how long the request takes
	 * @return its response, or its failure
	 */
	CompletableFuture<HttpResponse<String>> slowRequest(long millis) {
		// Warm up the dispatcher so the slow request starts at once.
		get(this.port, "/orders");
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(
				request(this.port, "/orders/report?millis=" + millis, Duration.ofMillis(millis).plusSeconds(60)),
				BodyHandlers.ofString());
		sleep(1000);
		if (response.isDone()) {
			throw new AssertionError("the slow request ended early: "
					+ response.handle((r, ex) -> (r != null) ? r.statusCode() + " " + r.body() : ex.toString()).join());
		}
		return response;
	}

	/**
	 * Runs a command in the container.
	 * @param command the command
	 * @return its result
	 */
	ExecResult exec(String... command) {
		try {
			return this.container.execInContainer(command);
		}
		catch (IOException ex) {
			throw new AssertionError("exec failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * {@code docker stop -t}: SIGTERM to PID 1, SIGKILL when the timeout ends.
	 * @param timeout the stop timeout
	 * @return how the container ended
	 */
	Stopped dockerStop(Duration timeout) {
		String id = this.container.getContainerId();
		long start = System.nanoTime();
		ContainerEngine.client().stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		ContainerState state = ContainerEngine.client().inspectContainerCmd(id).exec().getState();
		Stopped stopped = new Stopped(state.getExitCodeLong(), took);
		record(timeout, stopped);
		return stopped;
	}

	/**
	 * Appends the outcome to {@code target/container-logs/stops.txt}: the figures the
	 * README's table of variants quotes.
	 */
	private void record(Duration timeout, Stopped stopped) {
		String line = String.format("%-32s docker stop -t %-3d exit %d after %5d ms%n", this.name, timeout.toSeconds(),
				stopped.exitCode(), stopped.took().toMillis());
		try {
			Path file = ContainerEngine.logs().resolve("stops.txt");
			Files.createDirectories(file.getParent());
			Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// only a record
		}
	}

	/**
	 * {@code docker stop -t} on another thread, so the test can watch the shutdown.
	 * @param timeout the stop timeout
	 * @return how the container ended, once it has
	 */
	CompletableFuture<Stopped> dockerStopAsync(Duration timeout) {
		return CompletableFuture.supplyAsync(() -> dockerStop(timeout));
	}

	/**
	 * Polls a GET until it answers with the given status.
	 * @param port the port
	 * @param path the path
	 * @param status the status wanted
	 * @param timeout how long to poll
	 * @return the last status (or failure) seen
	 */
	String awaitStatus(int port, String path, int status, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String last;
		do {
			last = status(port, path);
			if (last.equals(Integer.toString(status))) {
				return last;
			}
			sleep(50);
		}
		while (System.nanoTime() < deadline);
		return last;
	}

	@Override
	public void close() {
		try {
			if (this.container.getContainerId() != null) {
				Path log = ContainerEngine.logs().resolve(this.name + ".log");
				Files.createDirectories(log.getParent());
				Files.writeString(log, logs());
			}
		}
		catch (IOException | RuntimeException ex) {
			// only a log
		}
		this.container.stop();
	}

	private static HttpRequest request(int port, String path, Duration timeout) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout).GET().build();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How a container ended.
	 *
	 * @param exitCode its exit code as Docker reports it
	 * @param took how long {@code docker stop} took
	 */
	record Stopped(long exitCode, Duration took) {

	}

}
