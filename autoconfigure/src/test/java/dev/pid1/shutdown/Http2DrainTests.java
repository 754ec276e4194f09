package dev.pid1.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pid1.shutdown.H2Client.GoAway;
import dev.pid1.shutdown.apps.JettyApp;
import dev.pid1.shutdown.apps.ReactiveApp;
import dev.pid1.shutdown.apps.ServletApp;
import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 and keep-alive connections during the drain, for real: the app as PID 1 of a
 * fresh PID namespace on Tomcat, Jetty or Reactor Netty, h2c (prior knowledge) or h2 over
 * TLS with a certificate made for the test, an HTTP/2 client of the test's own that
 * records each GOAWAY as it arrives, SIGTERM from outside.
 *
 * @author pid1 authors
 */
class Http2DrainTests {

	private static final int MAX_STREAM_ID = Integer.MAX_VALUE;

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "tomcat, h2c", "tomcat, h2", "jetty, h2c", "jetty, h2", "netty, h2c", "netty, h2" })
	void goAwayWhenTheDrainBeginsAndTheStreamInFlightCompletes(String server, String protocol) throws Exception {
		boolean tls = protocol.equals("h2");
		try (AppUnderTest app = start(server, tls).awaitReady(); H2Client client = H2Client.connect(app.port, tls)) {
			assertThat(client.get("/hello").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
			// Idle keep-alives over TLS are left to Connection: close
			// (TomcatConnections).
			IdleKeepAlive idle = tls ? null : IdleKeepAlive.open(app.port);
			CompletableFuture<H2Client.Response> slow = client.get("/work?millis=3000");
			AppUnderTest.sleep(300);
			long sigterm = app.signal("TERM");
			Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> !client.goAways().isEmpty());
			GoAway first = client.goAways().get(0);
			long goAwayMillis = TimeUnit.NANOSECONDS.toMillis(first.nanos() - sigterm);
			System.out.printf("TEST: %s %s first GOAWAY %d ms after SIGTERM was sent%n", server, protocol,
					goAwayMillis);
			// The drain lasts 4 s at least: a GOAWAY before then was sent by the drain,
			// not by the connectors' close. (Measured: well under 100 ms; the bound is
			// generous for a shared machine.)
			assertThat(goAwayMillis).isLessThan(1500);
			assertThat(first.lastStreamId()).isEqualTo(MAX_STREAM_ID);
			assertThat(first.errorCode()).isZero();
			H2Client.Response response = slow.get(30, TimeUnit.SECONDS);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("worked 3000");
			// The final GOAWAY names the last stream processed, which covers the one in
			// flight.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> client.goAways().stream().anyMatch((goAway) -> goAway.lastStreamId() < MAX_STREAM_ID));
			GoAway last = client.goAways()
				.stream()
				.filter((goAway) -> goAway.lastStreamId() < MAX_STREAM_ID)
				.findFirst()
				.orElseThrow();
			assertThat(last.lastStreamId()).isGreaterThanOrEqualTo(response.streamId());
			if (idle != null) {
				long closedMillis = TimeUnit.NANOSECONDS.toMillis(idle.awaitClosed(Duration.ofSeconds(10)) - sigterm);
				System.out.printf("TEST: %s idle keep-alive closed %d ms after SIGTERM was sent%n", server,
						closedMillis);
				// Closed during the drain (4 s at least), while the app still accepts.
				assertThat(closedMillis).isLessThan(3000);
			}
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tomcat", "jetty", "netty" })
	void aStreamThatCrossesTheFirstGoAwayIsServed(String server) throws Exception {
		try (AppUnderTest app = start(server, false).awaitReady();
				H2Client client = H2Client.connect(app.port, false)) {
			assertThat(client.get("/hello").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
			app.signal("TERM");
			Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> !client.goAways().isEmpty());
			H2Client.Response crossing = sendAsAPeerThatHasNotReadTheGoAwayYet(client).get(5, TimeUnit.SECONDS);
			assertThat(crossing.status()).isEqualTo(200);
			assertThat(client.goAways())
				.allSatisfy((goAway) -> assertThat(goAway.lastStreamId()).as("a final GOAWAY before the stream")
					.isGreaterThanOrEqualTo(crossing.streamId()));
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	/**
	 * A request that started before SIGTERM and outlasts the drain, so that it is still
	 * running when Spring's graceful close begins: it gets its whole response, on every
	 * server and protocol. The drain lasts exactly 2 s (its shortest and longest), the
	 * request 6 s, SIGTERM comes 1 s in, so the graceful close meets it with 3 s to go.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "tomcat, h2c", "tomcat, h2", "tomcat, http/1.1", "jetty, h2c", "jetty, h2", "jetty, http/1.1",
			"netty, h2c", "netty, h2", "netty, http/1.1" })
	void aRequestLongerThanTheDrainCompletes(String server, String protocol) throws Exception {
		boolean tls = protocol.equals("h2");
		try (AppUnderTest app = start(server, tls, "--pid1.shutdown.drain-min=2s", "--pid1.shutdown.drain-max=2s")
			.awaitReady()) {
			LongRequest request = LongRequest.send(app.port, protocol, 6000);
			AppUnderTest.sleep(1000);
			long sigterm = app.signal("TERM");
			LongRequest.Outcome outcome = request.await(Duration.ofSeconds(30));
			long answeredMillis = TimeUnit.NANOSECONDS.toMillis(outcome.nanos() - sigterm);
			System.out.printf("TEST: %s %s request of 6 s answered %d ms after SIGTERM: %s%n", server, protocol,
					answeredMillis, outcome);
			assertThat(outcome.failure()).as("%s %s: the request in flight", server, protocol).isNull();
			assertThat(outcome.status()).isEqualTo(200);
			assertThat(outcome.body()).isEqualTo("worked 6000");
			// Answered after the drain (2 s): it was in flight when the close began.
			assertThat(answeredMillis).isGreaterThan(2000);
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	@Test
	void withJettysOwnSessionShutdownARequestLongerThanTheDrainIsReset() throws Exception {
		// The negative control of the test above: JettyApp shuts each HTTP/2 session down
		// with Jetty's own shutdown() 1.2 s into the drain, as pid1's final GOAWAY once
		// did, and pid1's own final GOAWAY comes too late to matter; Spring's graceful
		// close then cuts the idle timeout, and Jetty fails the stream.
		try (AppUnderTest app = start("jetty", false, "--pid1.shutdown.drain-min=2s", "--pid1.shutdown.drain-max=2s",
				"--pid1.connections.final-go-away-delay=10s", "--test.jetty.shut-down-sessions=true")
			.awaitReady()) {
			LongRequest request = LongRequest.send(app.port, "h2c", 6000);
			AppUnderTest.sleep(1000);
			app.signal("TERM");
			LongRequest.Outcome outcome = request.await(Duration.ofSeconds(30));
			assertThat(outcome.failure()).isEqualTo("java.lang.IllegalStateException: stream reset, error code 8");
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	@Test
	void withTomcatsOwnPauseTimingACrossingStreamIsDropped() throws Exception {
		// The negative control of the test above: ServletApp sets Tomcat's drainTimeout
		// back to its default after pid1 has set it.
		try (AppUnderTest app = start("tomcat", false, "--test.tomcat.http2-drain-timeout=0").awaitReady();
				H2Client client = H2Client.connect(app.port, false)) {
			assertThat(client.get("/hello").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
			app.signal("TERM");
			Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> !client.goAways().isEmpty());
			CompletableFuture<H2Client.Response> crossing = sendAsAPeerThatHasNotReadTheGoAwayYet(client);
			// Tomcat answers the stream with its final GOAWAY, whose last stream is
			// before it, and nothing else.
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> client.goAways().stream().anyMatch((goAway) -> goAway.lastStreamId() < MAX_STREAM_ID));
			AppUnderTest.sleep(1000);
			assertThat(crossing).isNotCompleted();
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	/**
	 * A new stream a while after the first GOAWAY, as a peer sends it that wrote it
	 * before it read the GOAWAY (a proxy at 1000 requests/s does): longer after it than a
	 * round trip on the loopback, well within the final GOAWAY's delay (1 s).
	 */
	private static CompletableFuture<H2Client.Response> sendAsAPeerThatHasNotReadTheGoAwayYet(H2Client client) {
		AppUnderTest.sleep(200);
		return client.get("/hello");
	}

	@Test
	void withoutTheConnectionDrainNoGoAwayComesBeforeTheConnectorsClose() throws Exception {
		try (AppUnderTest app = start("tomcat", false, "--pid1.connections.enabled=false").awaitReady();
				H2Client client = H2Client.connect(app.port, false)) {
			assertThat(client.get("/hello").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
			long sigterm = app.signal("TERM");
			AppUnderTest.sleep(2000);
			assertThat(client.goAways()).as("GOAWAY %d ms after SIGTERM", client.goAways().isEmpty() ? -1
					: TimeUnit.NANOSECONDS.toMillis(client.goAways().get(0).nanos() - sigterm))
				.isEmpty();
			assertThat(app.awaitExit(Duration.ofSeconds(40))).isEqualTo(143);
		}
	}

	private AppUnderTest start(String server, boolean tls, String... more) throws Exception {
		String mainClass = switch (server) {
			case "tomcat" -> ServletApp.class.getName();
			case "jetty" -> JettyApp.class.getName();
			case "netty" -> ReactiveApp.class.getName();
			default -> throw new IllegalArgumentException(server);
		};
		List<String> properties = new ArrayList<>(List.of("--server.http2.enabled=true", "--pid1.shutdown.drain=always",
				"--pid1.shutdown.drain-min=4s", "--pid1.shutdown.quiet-period=1s", "--pid1.shutdown.drain-max=15s"));
		if (tls) {
			properties
				.addAll(List.of("--server.ssl.key-store=" + selfSignedKeyStore(), "--server.ssl.key-store-type=PKCS12",
						"--server.ssl.key-store-password=secret", "--management.server.ssl.enabled=false"));
		}
		// A property given again replaces the default (Spring would join both values).
		for (String property : more) {
			String name = property.substring(0, property.indexOf('=') + 1);
			properties.removeIf((candidate) -> candidate.startsWith(name));
			properties.add(property);
		}
		return AppUnderTest.start(this.dir.resolve(server + (tls ? "-h2" : "-h2c") + ".log"), mainClass,
				properties.toArray(String[]::new));
	}

	private String selfSignedKeyStore() throws Exception {
		PidNamespace.assumeAvailable();
		Path store = this.dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "pid1", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname",
				"CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore",
				store.toString(), "-storepass", "secret", "-keypass", "secret")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		return store.toString();
	}

	/**
	 * One slow GET, on its own connection: HTTP/2 (h2c or h2 over TLS) with
	 * {@link H2Client}, or HTTP/1.1 with the JDK's client.
	 */
	private static final class LongRequest {

		private final CompletableFuture<Outcome> outcome;

		private final AutoCloseable connection;

		private LongRequest(CompletableFuture<Outcome> outcome, AutoCloseable connection) {
			this.outcome = outcome;
			this.connection = connection;
		}

		static LongRequest send(int port, String protocol, long millis) throws Exception {
			String path = "/work?millis=" + millis;
			if (protocol.equals("http/1.1")) {
				CompletableFuture<Outcome> outcome = AppUnderTest
					.getAsync(URI.create("http://127.0.0.1:" + port + path))
					.handle((response, failure) -> (failure != null) ? Outcome.failed(failure)
							: new Outcome(System.nanoTime(), response.statusCode(), response.body(), null));
				return new LongRequest(outcome, () -> {
				});
			}
			H2Client client = H2Client.connect(port, protocol.equals("h2"));
			CompletableFuture<Outcome> outcome = client.get(path)
				.handle((response, failure) -> (failure != null) ? Outcome.failed(failure)
						: new Outcome(System.nanoTime(), response.status(), response.body(), null));
			return new LongRequest(outcome, client);
		}

		Outcome await(Duration timeout) throws Exception {
			try {
				return this.outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			finally {
				this.connection.close();
			}
		}

		/**
		 * How the request ended.
		 *
		 * @param nanos when, from {@link System#nanoTime()}
		 * @param status the status, or -1
		 * @param body the body, or empty
		 * @param failure why it got no response, or {@code null}
		 */
		record Outcome(long nanos, int status, String body, @Nullable String failure) {

			static Outcome failed(Throwable failure) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				return new Outcome(System.nanoTime(), -1, "", cause.toString());
			}

		}

	}

	/**
	 * An HTTP/1.1 keep-alive connection that served one request before the drain and
	 * stays idle.
	 */
	private static final class IdleKeepAlive {

		private final CompletableFuture<Long> closed = new CompletableFuture<>();

		private IdleKeepAlive(Socket socket) throws IOException {
			InputStream in = socket.getInputStream();
			socket.getOutputStream()
				.write("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			StringBuilder seen = new StringBuilder();
			byte[] buffer = new byte[4096];
			while (!seen.toString().contains("hello")) {
				int read = in.read(buffer);
				assertThat(read).as("response before EOF: %s", seen).isPositive();
				seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
			}
			assertThat(seen.toString()).startsWith("HTTP/1.1 200");
			Thread reader = new Thread(() -> {
				try (socket) {
					while (in.read(buffer) >= 0) {
						// An idle connection gets nothing more.
					}
				}
				catch (IOException ex) {
					// A reset counts as closed too.
				}
				this.closed.complete(System.nanoTime());
			}, "idle-keep-alive");
			reader.setDaemon(true);
			reader.start();
		}

		static IdleKeepAlive open(int port) throws IOException {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout(60_000);
			return new IdleKeepAlive(socket);
		}

		long awaitClosed(Duration timeout) throws Exception {
			return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
