package dev.pid1.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.connections.IdleCloseRace.Client;
import dev.pid1.connections.IdleCloseRace.Delegate;
import dev.pid1.connections.IdleCloseRace.Outcome;
import dev.pid1.connections.IdleCloseRace.Race;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's idle keep-alive close, in-process: a real Tomcat (NIO, HTTP/1.1) on 127.0.0.1,
 * raw sockets as clients, the connection drain sweeping it. An idle connection from
 * before the drain is closed while Tomcat still serves; a request in flight, one waiting
 * for a worker thread, and requests sent just as the sweep runs are never cut.
 *
 * @author pid1 authors
 */
class TomcatConnectionsTests {

	@TempDir
	Path dir;

	private final Set<String> served = ConcurrentHashMap.newKeySet();

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private Tomcat tomcat;

	private int port;

	@AfterEach
	void stop() throws Exception {
		this.release.countDown();
		if (this.tomcat != null) {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
	}

	@Test
	void anIdleKeepAliveFromBeforeTheDrainIsClosedWhileTomcatStillServes() throws Exception {
		start(10);
		try (Client idle = new Client(this.port)) {
			assertThat(idle.get("/hello?id=before").status()).isEqualTo(200);
			ConnectionDrain drain = IdleCloseRace.drain(new TomcatConnections(() -> this.tomcat),
					Duration.ofMillis(10));
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
	void aRequestInFlightIsNotCut() throws Exception {
		Outcome inFlight = requestInFlightDuringSweeps(new TomcatConnections(() -> this.tomcat));
		assertThat(inFlight.status()).isEqualTo(200);
		assertThat(inFlight.body()).isEqualTo("blocked");
	}

	@Test
	void theRuleThatClosesEveryConnectionWithoutAProcessorCutsTheRequestInFlight() throws Exception {
		// Negative control of the test above: what TomcatConnections did first.
		Outcome inFlight = requestInFlightDuringSweeps(new ProcessorRule(new TomcatConnections(() -> this.tomcat)));
		assertThat(inFlight.status()).as("no response: cut").isEqualTo(Outcome.NO_RESPONSE);
		assertThat(this.served).contains("block");
	}

	private Outcome requestInFlightDuringSweeps(ServerConnections<SocketWrapperBase<?>> connections) throws Exception {
		start(10);
		try (Client busy = new Client(this.port); Client idle = new Client(this.port)) {
			assertThat(busy.get("/hello?id=1").status()).isEqualTo(200);
			assertThat(idle.get("/hello?id=2").status()).isEqualTo(200);
			busy.send("/block?id=block");
			assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
			ConnectionDrain drain = IdleCloseRace.drain(connections, Duration.ofHours(1));
			drain.drainStarted();
			for (int i = 0; i < 100; i++) {
				drain.sweep();
			}
			// The sweeps did run and close: the idle connection is gone.
			assertThat(idle.awaitClosedByServer(Duration.ofSeconds(10))).isTrue();
			this.release.countDown();
			Outcome outcome = busy.read();
			drain.drainEnded(Duration.ZERO, 0);
			return outcome;
		}
	}

	@Test
	void aRequestWaitingForAWorkerThreadIsNotCut() throws Exception {
		// One worker thread, serving a request that blocks: the next request has been
		// read by nobody and waits in the executor's queue with no processor attached.
		start(1);
		try (Client busy = new Client(this.port); Client waiting = new Client(this.port)) {
			assertThat(busy.get("/hello?id=1").status()).isEqualTo(200);
			assertThat(waiting.get("/hello?id=2").status()).isEqualTo(200);
			busy.send("/block?id=block");
			assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();
			waiting.send("/hello?id=waiting");
			org.apache.tomcat.util.threads.ThreadPoolExecutor executor = (org.apache.tomcat.util.threads.ThreadPoolExecutor) this.tomcat
				.getConnector()
				.getProtocolHandler()
				.getExecutor();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !executor.getQueue().isEmpty());
			ConnectionDrain drain = IdleCloseRace.drain(new TomcatConnections(() -> this.tomcat), Duration.ofHours(1));
			drain.drainStarted();
			for (int i = 0; i < 100; i++) {
				drain.sweep();
			}
			this.release.countDown();
			assertThat(busy.read().status()).isEqualTo(200);
			assertThat(waiting.read().status()).isEqualTo(200);
			drain.drainEnded(Duration.ZERO, 0);
		}
	}

	@Test
	void requestsSentJustAsTheSweepRunsAreAnsweredOrFindTheConnectionAlreadyClosed() throws Exception {
		Race race = race(new TomcatConnections(() -> this.tomcat), Integer.getInteger("pid1.test.race-rounds", 60), 8);
		System.out.println("TEST: Tomcat idle close race: " + race);
		assertThat(race.cut()).as("cut: %s", race).isEmpty();
		// The race was run: some requests were answered, some connections closed first.
		assertThat(race.answered()).isPositive();
		assertThat(race.closedFirst()).isPositive();
	}

	@Test
	void theRuleThatClosesEveryConnectionWithoutAProcessorCutsRequestsSentAsTheSweepRuns() throws Exception {
		// Negative control of the race.
		Race race = race(new ProcessorRule(new TomcatConnections(() -> this.tomcat)), 20, 8);
		System.out.println("TEST: old rule, race: " + race);
		assertThat(race.cut()).isNotEmpty();
	}

	/**
	 * The race of {@link IdleCloseRace} on a Tomcat with a worker for each connection.
	 */
	private Race race(ServerConnections<SocketWrapperBase<?>> server, int rounds, int perRound) throws Exception {
		start(perRound + 2);
		return IdleCloseRace.run(server, SocketWrapperBase::getRemotePort, this.port, this.served, rounds, perRound);
	}

	private void start(int maxThreads) throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(this.dir.toString());
		Connector connector = new Connector();
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
		protocol.setMaxThreads(maxThreads);
		protocol.setMinSpareThreads(maxThreads);
		this.tomcat.setConnector(connector);
		Context context = this.tomcat.addContext("", this.dir.toString());
		Tomcat.addServlet(context, "app", new App());
		context.addServletMappingDecoded("/*", "app");
		this.tomcat.start();
		this.port = connector.getLocalPort();
	}

	/** The old rule: every HTTP/1.1 connection without a processor counts as idle. */
	private static final class ProcessorRule extends Delegate<SocketWrapperBase<?>> {

		ProcessorRule(ServerConnections<SocketWrapperBase<?>> delegate) {
			super(delegate);
		}

		@Override
		public boolean closeIfIdle(SocketWrapperBase<?> connection) {
			if (connection.getCurrentProcessor() != null) {
				return false;
			}
			connection.close();
			return true;
		}

	}

	private final class App extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String id = request.getParameter("id");
			TomcatConnectionsTests.this.served.add(id);
			String body = "hello";
			try {
				if (request.getRequestURI().equals("/block")) {
					TomcatConnectionsTests.this.entered.countDown();
					TomcatConnectionsTests.this.release.await(30, TimeUnit.SECONDS);
					body = "blocked";
				}
				else if (request.getRequestURI().equals("/sleep")) {
					TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(1000));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
			response.setContentLength(bytes.length);
			response.getOutputStream().write(bytes);
		}

	}

}
