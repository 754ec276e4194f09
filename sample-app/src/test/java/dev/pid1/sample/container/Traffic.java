package dev.pid1.sample.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests to one endpoint from a few clients at once, as a Kubernetes Service keeps
 * sending them to a pod for a while after SIGTERM: kept-alive connections (a proxy's
 * pool) and a new connection for each request (kube-proxy's new flows). A request fails
 * when it gets no response or one whose status is not 200.
 *
 * @author pid1 authors
 */
final class Traffic implements AutoCloseable {

	private static final int KEEP_ALIVE_CLIENTS = 3;

	private final int port;

	private final String path;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final long started = System.nanoTime();

	private final List<Thread> clients = new ArrayList<>();

	private Traffic(int port, String path) {
		this.port = port;
		this.path = path;
	}

	/**
	 * Starts sending requests.
	 * @param port the port on 127.0.0.1
	 * @param path the path to GET
	 * @return the running traffic
	 */
	static Traffic start(int port, String path) {
		Traffic traffic = new Traffic(port, path);
		for (int i = 0; i < KEEP_ALIVE_CLIENTS; i++) {
			traffic.client("keep-alive-" + i, traffic::keptAlive);
		}
		traffic.client("new-connection", traffic::newConnection);
		return traffic;
	}

	private void client(String name, Request request) {
		Thread thread = new Thread(() -> {
			while (this.running.get()) {
				String failure = request.send();
				if (failure == null) {
					this.ok.incrementAndGet();
				}
				else {
					this.failed.incrementAndGet();
					if (this.failures.size() < 5) {
						this.failures.add(String.format("+%d ms %s: %s",
								Duration.ofNanos(System.nanoTime() - this.started).toMillis(), name, failure));
					}
				}
				pause();
			}
		}, "traffic-" + name);
		thread.setDaemon(true);
		thread.start();
		this.clients.add(thread);
	}

	/**
	 * Waits until some requests have succeeded.
	 * @param count how many
	 * @param timeout how long to wait at most
	 * @return whether they did
	 */
	boolean awaitOk(long count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.ok.get() < count && System.nanoTime() < deadline) {
			pause();
		}
		return this.ok.get() >= count;
	}

	long ok() {
		return this.ok.get();
	}

	long failed() {
		return this.failed.get();
	}

	/**
	 * The first few failures, with when and on which connection they happened.
	 * @return the failures
	 */
	List<String> failures() {
		return List.copyOf(this.failures);
	}

	/**
	 * Stops sending and waits for the requests under way.
	 */
	@Override
	public void close() {
		this.running.set(false);
		for (Thread client : this.clients) {
			try {
				client.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private String keptAlive() {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + this.path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		try {
			int status = this.http.send(request, BodyHandlers.discarding()).statusCode();
			return (status == 200) ? null : "status " + status;
		}
		catch (IOException ex) {
			return ex.toString();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex.toString();
		}
	}

	private String newConnection() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 5000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(
					("GET " + this.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			if (response.startsWith("HTTP/1.1 200 ")) {
				return null;
			}
			return response.isEmpty() ? "connection closed without a response"
					: "status line " + response.lines().findFirst().orElse("");
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Request {

		/**
		 * Sends one request.
		 * @return {@code null} when it succeeded, else the failure
		 */
		String send();

	}

}
