package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * How the kit reaches a container: its ports as the test host sees them (the mapped
 * ports, or the ports themselves when the container shares the host's network), one HTTP
 * client, its log and {@code docker exec}.
 *
 * @author pid1 authors
 */
final class Endpoints {

	/**
	 * The kit's own threads for what blocks (waiting for the exit, {@code docker exec}):
	 * never the common pool, which a test's own tasks use.
	 */
	static final ExecutorService EXECUTOR = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "pid1-kit");
		thread.setDaemon(true);
		return thread;
	});

	private final GenericContainer<?> container;

	private final IntUnaryOperator hostPorts;

	/**
	 * The client's own threads, so that closing ends them on Java 17 too, where the
	 * client cannot be closed.
	 */
	private final ExecutorService httpExecutor = Executors.newCachedThreadPool(new ThreadFactory() {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "pid1-kit-http-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	});

	private volatile @Nullable HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.executor(this.httpExecutor)
		.build();

	Endpoints(GenericContainer<?> container, IntUnaryOperator hostPorts) {
		this.container = container;
		this.hostPorts = hostPorts;
	}

	/**
	 * The port the test host reaches a container port on.
	 * @param networkMode the container's network mode
	 * @param port the container port
	 * @param mapped the engine's mapping
	 * @return the host port
	 */
	static int hostPort(String networkMode, int port, IntUnaryOperator mapped) {
		// With the host's network the app listens on the host itself: nothing is mapped.
		return "host".equals(networkMode) ? port : mapped.applyAsInt(port);
	}

	GenericContainer<?> container() {
		return this.container;
	}

	HttpClient http() {
		HttpClient client = this.http;
		if (client == null) {
			throw new IllegalStateException("The kit is closed (its container was stopped)");
		}
		return client;
	}

	/**
	 * Ends the HTTP client: closed on Java 21+, where it is {@link AutoCloseable}; on 17
	 * its executor is shut down and the client let go of, and its selector thread ends
	 * once the client is collected (the JDK's own rule for an unreferenced client).
	 */
	void close() {
		HttpClient client = this.http;
		this.http = null;
		if (client instanceof AutoCloseable closeable) {
			try {
				// Abort what is in flight first: close() alone waits for it.
				HttpClient.class.getMethod("shutdownNow").invoke(client);
				closeable.close();
			}
			catch (Exception ex) {
				// Best effort: the executor below is shut down whatever happened.
			}
		}
		this.httpExecutor.shutdownNow();
	}

	URI uri(int port, String path) {
		return URI.create("http://" + this.container.getHost() + ":" + this.hostPorts.applyAsInt(port) + path);
	}

	HttpRequest request(int port, String path, Duration timeout) {
		return HttpRequest.newBuilder(uri(port, path)).timeout(timeout).GET().build();
	}

	HttpResponse<String> get(int port, String path, Duration timeout) throws IOException, InterruptedException {
		return http().send(request(port, path, timeout), BodyHandlers.ofString());
	}

	String logs() {
		return this.container.getLogs();
	}

	/**
	 * Runs a command in the container.
	 * @param command the command
	 * @return its result, or {@code null} when it could not run at all
	 */
	@Nullable ExecResult exec(String... command) {
		try {
			return this.container.execInContainer(command);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	static void sleepUntil(long nanos) {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			sleep(Math.max(1, left / 1_000_000));
		}
	}

}
