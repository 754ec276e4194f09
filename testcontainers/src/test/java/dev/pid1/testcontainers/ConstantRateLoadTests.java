package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConstantRateLoad} against an in-process server.
 *
 * @author pid1 authors
 */
class ConstantRateLoadTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private HttpServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void sendsAtTheRateAndCountsFailuresByReason() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		URI uri = serve((number) -> (number % 4 == 0) ? 503 : 200, calls);
		ConstantRateLoad load = ConstantRateLoad.start(this.http, uri, 100, Duration.ZERO, Duration.ofSeconds(1),
				Duration.ofSeconds(5), 64);
		TerminationReport.Traffic traffic = load.await(Duration.ofSeconds(10));
		// 100/s for 1 s: generous bounds, the machine is shared.
		assertThat(traffic.sent()).isBetween(50L, 102L);
		long refused = traffic.failed() - traffic.failures().getOrDefault("HTTP 503", 0L);
		assertThat(calls.get() + refused).as("each request answered or counted: %s", traffic.failures())
			.isEqualTo(traffic.sent());
		assertThat(traffic.failures().get("HTTP 503")).isPositive();
		assertThat(traffic.failedBeforeTermination()).isZero();
		assertThat(traffic.firstFailure()).isNotNull();
	}

	@Test
	void aClosedPortIsRefusedAndCountedBeforeTheTermination() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		ConstantRateLoad load = ConstantRateLoad.start(this.http, URI.create("http://127.0.0.1:" + port + "/"), 50,
				Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(2), 64);
		TerminationReport.Traffic traffic = load.await(Duration.ofSeconds(10));
		assertThat(traffic.failed()).isEqualTo(traffic.sent()).isPositive();
		assertThat(traffic.failures()).containsOnlyKeys("ConnectException");
		assertThat(traffic.failedBeforeTermination()).isEqualTo(traffic.failed());
	}

	private URI serve(java.util.function.IntUnaryOperator status, AtomicInteger calls) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(status.applyAsInt(calls.incrementAndGet()), -1);
			exchange.close();
		});
		this.server.start();
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/");
	}

}
