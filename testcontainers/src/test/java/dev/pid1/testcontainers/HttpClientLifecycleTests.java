package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kit's HTTP client lives as long as its container: stopping the container (or
 * closing a kit made for any container) ends the client's threads, even while the test
 * still holds the container (a static field, as Testcontainers' own examples keep it).
 *
 * @author pid1 authors
 */
class HttpClientLifecycleTests {

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void stoppingTheContainerEndsTheKitsHttpClientThreads() throws Exception {
		try (Pid1Container container = new Pid1Container("example/app:1")) {
			Set<Thread> threads = clientThreads(container.pid1());
			assertThat(threads).as("the client's threads while it is in use").isNotEmpty();

			container.stop();

			assertEnded(threads);
		}
	}

	@Test
	void closingAKitOfAnyContainerEndsItsHttpClientThreads() throws Exception {
		try (GenericContainer<?> container = new GenericContainer<>("example/app:1");
				Pid1Kit kit = Pid1Kit.of(container)) {
			Set<Thread> threads = clientThreads(kit);
			assertThat(threads).isNotEmpty();

			kit.close();

			assertEnded(threads);
		}
	}

	@Test
	void aClosedKitMakesANewClientWhenUsedAgain() throws Exception {
		try (Pid1Container container = new Pid1Container("example/app:1")) {
			HttpClient first = container.pid1().endpoints().http();
			container.stop();
			assertThat(container.pid1().endpoints().http()).isNotSameAs(first);
		}
	}

	private Set<Thread> clientThreads(Pid1Kit kit) throws Exception {
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		HttpClient http = kit.endpoints().http();
		URI uri = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/");
		assertThat(http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding()).statusCode())
			.isEqualTo(200);
		assertThat(http.sendAsync(HttpRequest.newBuilder(uri).build(), BodyHandlers.discarding()).get().statusCode())
			.isEqualTo(200);
		Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
		started.removeAll(before);
		// The client's own (its selector, its executor's), not the common pool's that
		// may complete a future.
		started.removeIf((thread) -> thread.getName().startsWith("ForkJoinPool"));
		return started;
	}

	/**
	 * On Java 21+ the client is closed; on 17, which has no close, its executor is shut
	 * down and the kit lets go of it, and its selector thread ends once it is collected.
	 */
	private static void assertEnded(Set<Thread> threads) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			System.gc();
			assertThat(threads).filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty();
		});
	}

}
