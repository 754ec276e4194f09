package dev.pid1.shutdown;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pid1.test.PidNamespace;
import dev.pid1.test.PidNamespace.Namespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test app running as PID 1 of a fresh PID namespace, with its main and management
 * ports on 127.0.0.1.
 *
 * @author pid1 authors
 */
final class AppUnderTest implements AutoCloseable {

	static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	final Namespace namespace;

	final int port;

	final int managementPort;

	/** Where the actuator answers: its port's context path, if any. */
	private final String managementPrefix;

	private AppUnderTest(Namespace namespace, int port, int managementPort, String managementPrefix) {
		this.namespace = namespace;
		this.port = port;
		this.managementPort = managementPort;
		this.managementPrefix = managementPrefix;
	}

	static AppUnderTest start(Path log, String mainClass, String... properties) throws IOException {
		int port = freePort();
		int managementPort = freePort();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port,
				"--management.server.port=" + managementPort, "--management.server.address=127.0.0.1"));
		return start(log, mainClass, args, properties, port, managementPort, "");
	}

	/**
	 * Starts the app with the actuator on the main port, as in a pod whose probes go to
	 * the main port.
	 * @param log where the output goes
	 * @param mainClass the app
	 * @param contextPath the main port's context path ({@code ""} for none), which the
	 * caller also sets in the properties
	 * @param properties more properties
	 * @return the app
	 * @throws IOException if it cannot start
	 */
	static AppUnderTest startSharingTheMainPort(Path log, String mainClass, String contextPath, String... properties)
			throws IOException {
		int port = freePort();
		return start(log, mainClass, new ArrayList<>(List.of("--server.port=" + port)), properties, port, port,
				contextPath);
	}

	private static AppUnderTest start(Path log, String mainClass, List<String> args, String[] properties, int port,
			int managementPort, String managementPrefix) throws IOException {
		args.addAll(List.of("--management.endpoints.web.exposure.include=health,pid1,prestop",
				"--management.endpoint.health.probes.enabled=true", "--spring.main.banner-mode=off",
				"--server.address=127.0.0.1"));
		args.addAll(List.of(properties));
		List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
		Namespace namespace = PidNamespace.start(PidNamespace.java(jvm, mainClass, args.toArray(String[]::new)), log);
		return new AppUnderTest(namespace, port, managementPort, managementPrefix);
	}

	AppUnderTest awaitReady() {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (status(management("/actuator/health/readiness")) == 200) {
				return this;
			}
			assertThat(this.namespace.isAlive()).as("app died during startup:\n%s", this.namespace.output()).isTrue();
			sleep(100);
		}
		throw new AssertionError("app not ready in time:\n" + this.namespace.output());
	}

	URI main(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	URI management(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + this.managementPrefix + path);
	}

	static int status(URI uri) {
		try {
			return client
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * Polls until a URI answers with a status, for at most a few seconds: the machine is
	 * noisy.
	 * @param uri the URI
	 * @param expected the status
	 * @return the last status seen
	 */
	static int awaitStatus(URI uri, int expected) {
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		int status = status(uri);
		while (status != expected && System.nanoTime() < deadline) {
			sleep(50);
			status = status(uri);
		}
		return status;
	}

	static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static CompletableFuture<HttpResponse<String>> getAsync(URI uri) {
		return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends SIGTERM (or another signal) to PID 1 from outside, as the kubelet does.
	 * @param signal the signal name
	 * @return when it was sent, from {@link System#nanoTime()}
	 */
	long signal(String signal) {
		long sent = System.nanoTime();
		this.namespace.signalInit(signal);
		return sent;
	}

	/**
	 * Sends SIGTERM many times, 3 ms apart, as a supervisor or script that repeats itself
	 * does ({@link ProcessHandle#destroy()} sends SIGTERM to any process).
	 * @param count how many times
	 * @return how long the burst took, in milliseconds
	 */
	long sigtermBurst(int count) {
		ProcessHandle init = ProcessHandle.of(this.namespace.initHostPid()).orElseThrow();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			// Spin rather than sleep: a sleep on a busy machine oversleeps.
			long next = start + i * 3_000_000L;
			while (System.nanoTime() - next < 0) {
				Thread.onSpinWait();
			}
			init.destroy();
		}
		return (System.nanoTime() - start) / 1_000_000;
	}

	/**
	 * Waits for the app to exit.
	 * @param timeout how long at most
	 * @return the exit code
	 */
	int awaitExit(Duration timeout) {
		Integer code = this.namespace.waitFor(timeout.toMillis());
		assertThat(code).as("app still running after %s:\n%s", timeout, this.namespace.output()).isNotNull();
		return code;
	}

	String output() {
		return this.namespace.output();
	}

	@Override
	public void close() {
		this.namespace.close();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
