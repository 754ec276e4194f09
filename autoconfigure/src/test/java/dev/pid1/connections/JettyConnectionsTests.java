package dev.pid1.connections;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.pid1.connections.IdleCloseRace.Client;
import dev.pid1.connections.IdleCloseRace.Outcome;
import dev.pid1.connections.IdleCloseRace.Race;
import org.awaitility.Awaitility;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's idle keep-alive close, in-process: a real Jetty (HTTP/1.1) on 127.0.0.1, raw
 * sockets as clients, the connection drain sweeping it. An idle connection from before
 * the drain is closed while Jetty still serves; a request Jetty has half parsed, one the
 * kernel holds while Jetty's selector is busy, and requests sent just as the sweep runs
 * are never cut. Each has its negative control: the rule pid1 used before.
 *
 * @author pid1 authors
 */
class JettyConnectionsTests {

	private final Set<String> served = ConcurrentHashMap.newKeySet();

	private Server server;

	private ServerConnector connector;

	private int port;

	@AfterEach
	void stop() throws Exception {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void anIdleKeepAliveFromBeforeTheDrainIsClosedWhileJettyStillServes() throws Exception {
		start();
		try (Client idle = new Client(this.port)) {
			assertThat(idle.get("/hello?id=before").status()).isEqualTo(200);
			ConnectionDrain drain = IdleCloseRace.drain(connections(), Duration.ofMillis(10));
			drain.drainStarted();
			try {
				assertThat(idle.awaitClosedByServer(Duration.ofSeconds(10))).as("closed by the server").isTrue();
				try (Client late = new Client(this.port)) {
					assertThat(late.get("/hello?id=late").status()).isEqualTo(200);
				}
			}
			finally {
				drain.drainEnded(Duration.ZERO, 0);
			}
		}
	}

	@Test
	void aRequestJettyHasHalfParsedIsNotCut() throws Exception {
		assertThat(halfParsedDuringSweeps(connections()).status()).isEqualTo(200);
	}

	@Test
	void theOldRuleCutsARequestJettyHasHalfParsed() throws Exception {
		// Negative control of the test above.
		assertThat(halfParsedDuringSweeps(new OldRule(connections())).status()).as("no response: cut")
			.isEqualTo(Outcome.NO_RESPONSE);
	}

	private Outcome halfParsedDuringSweeps(ServerConnections<EndPoint> connections) throws Exception {
		start();
		try (Client client = new Client(this.port)) {
			assertThat(client.get("/hello?id=1").status()).isEqualTo(200);
			String request = Client.request("/hello?id=half");
			int split = request.indexOf("Host:") + 3;
			client.write(request.substring(0, split));
			HttpConnection connection = (HttpConnection) endPoint(client.localPort()).getConnection();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !connection.getParser().isStart());
			IdleCloseRace.sweeps(connections, 20);
			try {
				client.write(request.substring(split));
			}
			catch (java.io.IOException ex) {
				return new Outcome(Outcome.NO_RESPONSE, ex.toString());
			}
			return client.read();
		}
	}

	@Test
	void aRequestTheKernelHoldsWhileJettysSelectorIsBusyIsNotCut() throws Exception {
		assertThat(heldByTheKernelDuringSweeps(connections()).status()).isEqualTo(200);
	}

	@Test
	void theOldRuleCutsARequestTheKernelHolds() throws Exception {
		// Negative control of the test above.
		assertThat(heldByTheKernelDuringSweeps(new OldRule(connections())).status()).as("no response: cut")
			.isEqualTo(Outcome.NO_RESPONSE);
	}

	private Outcome heldByTheKernelDuringSweeps(ServerConnections<EndPoint> connections) throws Exception {
		start();
		try (Client client = new Client(this.port)) {
			assertThat(client.get("/hello?id=1").status()).isEqualTo(200);
			// The answer can reach the client before Jetty has recycled the exchange:
			// wait
			// until Jetty's side is idle, or the old rule would not close for that
			// reason.
			HttpConnection connection = (HttpConnection) endPoint(client.localPort()).getConnection();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> connection.getHttpChannel().getRequest() == null && connection.isRequestBufferEmpty());
			// The selector runs this update and nothing else until it is released: the
			// next request stays in the kernel, and Jetty's side of the connection looks
			// idle.
			CountDownLatch blocked = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			ManagedSelector selector = this.connector.getSelectorManager()
				.getBeans(ManagedSelector.class)
				.iterator()
				.next();
			selector.submit((nio) -> {
				blocked.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
			try {
				client.send("/hello?id=held");
				IdleCloseRace.sweeps(connections, 2);
			}
			finally {
				release.countDown();
			}
			return client.read();
		}
	}

	@Test
	void requestsSentJustAsTheSweepRunsAreAnsweredOrFindTheConnectionAlreadyClosed() throws Exception {
		start();
		Race race = IdleCloseRace.run(connections(), JettyConnectionsTests::remotePort, this.port, this.served,
				Integer.getInteger("pid1.test.race-rounds", 60), 8);
		System.out.println("TEST: Jetty idle close race: " + race);
		assertThat(race.cut().size()).as("cut: %s", race).isZero();
		// The race was run: some requests were answered, some connections closed first.
		assertThat(race.answered()).isPositive();
		assertThat(race.closedFirst()).isPositive();
	}

	@Test
	void theOldRuleCutsRequestsSentAsTheSweepRuns() throws Exception {
		// Negative control of the race.
		start();
		Race race = IdleCloseRace.run(new OldRule(connections()), JettyConnectionsTests::remotePort, this.port,
				this.served, 20, 8);
		System.out.println("TEST: Jetty old rule, race: " + race);
		assertThat(race.cut()).isNotEmpty();
	}

	private EndPoint endPoint(int clientPort) {
		return this.connector.getConnectedEndPoints()
			.stream()
			.filter((endPoint) -> remotePort(endPoint) == clientPort)
			.findFirst()
			.orElseThrow();
	}

	private static int remotePort(EndPoint endPoint) {
		return ((InetSocketAddress) endPoint.getRemoteSocketAddress()).getPort();
	}

	private JettyConnections connections() {
		return new JettyConnections(() -> this.server);
	}

	private void start() throws Exception {
		this.server = new Server(new QueuedThreadPool(24, 8));
		this.connector = new ServerConnector(this.server, 1, 1);
		this.connector.setHost("127.0.0.1");
		this.connector.setPort(0);
		this.server.addConnector(this.connector);
		this.server.setHandler(new App());
		this.server.start();
		this.port = this.connector.getLocalPort();
	}

	/** What pid1 did first: any HTTP/1 connection whose channel holds no request. */
	private static final class OldRule extends IdleCloseRace.Delegate<EndPoint> {

		OldRule(ServerConnections<EndPoint> delegate) {
			super(delegate);
		}

		@Override
		public boolean closeIfIdle(EndPoint endPoint) {
			if (endPoint.getConnection() instanceof HttpConnection http && http.getHttpChannel().getRequest() == null
					&& http.isRequestBufferEmpty()) {
				endPoint.close();
				return true;
			}
			return false;
		}

	}

	private final class App extends Handler.Abstract {

		@Override
		public boolean handle(Request request, Response response, Callback callback) throws Exception {
			String id = Request.extractQueryParameters(request).getValue("id");
			JettyConnectionsTests.this.served.add(String.valueOf(id));
			if (request.getHttpURI().getPath().equals("/sleep")) {
				TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(1000));
			}
			byte[] bytes = "hello".getBytes(StandardCharsets.US_ASCII);
			response.setStatus(200);
			response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
			response.write(true, ByteBuffer.wrap(bytes), callback);
			return true;
		}

	}

}
