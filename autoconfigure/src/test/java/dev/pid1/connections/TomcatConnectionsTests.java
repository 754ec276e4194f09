package dev.pid1.connections;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
			ConnectionDrain drain = drain(new TomcatConnections(() -> this.tomcat), Duration.ofMillis(10));
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
			ConnectionDrain drain = drain(connections, Duration.ofHours(1));
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
			ConnectionDrain drain = drain(new TomcatConnections(() -> this.tomcat), Duration.ofHours(1));
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
		// Negative control of the race: the old rule cut 75 of 480 requests here.
		Race race = race(new ProcessorRule(new TomcatConnections(() -> this.tomcat)), 20, 8);
		System.out.println("TEST: old rule, race: " + race.answered() + " answered, " + race.closedFirst()
				+ " closed first, " + race.cut().size() + " cut");
		assertThat(race.cut()).isNotEmpty();
	}

	/**
	 * Rounds of connections from before the drain, each sending a request at a random
	 * moment from 1 ms before the drain begins to 0.5 ms after, to a servlet that takes 0
	 * to 1 ms, while the drain sweeps every millisecond. A request is cut when the
	 * servlet saw it and the client got no response, when the response broke off, or when
	 * its bytes were written well before the connection was closed.
	 */
	private Race race(ServerConnections<SocketWrapperBase<?>> server, int rounds, int perRound) throws Exception {
		start(perRound + 2);
		Map<Integer, Long> closedAt = new ConcurrentHashMap<>();
		ServerConnections<SocketWrapperBase<?>> recorded = new Recording(server, closedAt);
		List<String> cut = new ArrayList<>();
		int answered = 0;
		int closedFirst = 0;
		ExecutorService clients = Executors.newFixedThreadPool(perRound);
		try {
			for (int round = 0; round < rounds; round++) {
				List<Client> connections = new ArrayList<>();
				for (int i = 0; i < perRound; i++) {
					Client client = new Client(this.port);
					connections.add(client);
					assertThat(client.get("/hello?id=warm").status()).isEqualTo(200);
				}
				ConnectionDrain drain = drain(recorded, Duration.ofMillis(1));
				long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
				List<Future<Sent>> sent = new ArrayList<>();
				for (int i = 0; i < perRound; i++) {
					Client client = connections.get(i);
					String id = round + "-" + i;
					long at = start + ThreadLocalRandom.current().nextLong(-1_000_000, 500_000);
					sent.add(clients.submit(() -> client.sendAt(at, "/sleep?id=" + id, id)));
				}
				spinUntil(start);
				drain.drainStarted();
				for (Future<Sent> future : sent) {
					Sent request = future.get(30, TimeUnit.SECONDS);
					Long closed = closedAt.get(request.localPort());
					if (request.outcome().status() == 200) {
						answered++;
					}
					else if (request.outcome().status() != Outcome.NO_RESPONSE || this.served.contains(request.id())
							|| (closed != null && closed - request.writtenAt() > TimeUnit.MILLISECONDS.toNanos(5))) {
						cut.add(request.toString());
					}
					else {
						closedFirst++;
					}
				}
				drain.drainEnded(Duration.ZERO, 0);
				for (Client client : connections) {
					client.close();
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		return new Race(answered, closedFirst, cut);
	}

	private static void spinUntil(long nanos) {
		while (System.nanoTime() < nanos) {
			Thread.onSpinWait();
		}
	}

	private static ConnectionDrain drain(ServerConnections<?> server, Duration sweepInterval) {
		return new ConnectionDrain(() -> List.of(server),
				new ConnectionDrainSettings(true, Duration.ofSeconds(1), true, sweepInterval), System::nanoTime);
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

	record Race(int answered, int closedFirst, List<String> cut) {

	}

	record Sent(String id, int localPort, long writtenAt, Outcome outcome) {

	}

	record Outcome(int status, String body) {

		static final int NO_RESPONSE = -1;

		static final int BROKEN = -2;

	}

	/** The old rule: every HTTP/1.1 connection without a processor counts as idle. */
	private static final class ProcessorRule extends Delegate {

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

	/** Records when each connection was closed, by the client's port. */
	private static final class Recording extends Delegate {

		private final Map<Integer, Long> closedAt;

		Recording(ServerConnections<SocketWrapperBase<?>> delegate, Map<Integer, Long> closedAt) {
			super(delegate);
			this.closedAt = closedAt;
		}

		@Override
		public boolean closeIfIdle(SocketWrapperBase<?> connection) {
			int remotePort = connection.getRemotePort();
			long before = System.nanoTime();
			boolean closed = super.closeIfIdle(connection);
			if (closed) {
				this.closedAt.put(remotePort, before);
			}
			return closed;
		}

	}

	private static class Delegate implements ServerConnections<SocketWrapperBase<?>> {

		private final ServerConnections<SocketWrapperBase<?>> delegate;

		Delegate(ServerConnections<SocketWrapperBase<?>> delegate) {
			this.delegate = delegate;
		}

		@Override
		public Collection<SocketWrapperBase<?>> open() {
			return this.delegate.open();
		}

		@Override
		public boolean isHttp2(SocketWrapperBase<?> connection) {
			return this.delegate.isHttp2(connection);
		}

		@Override
		public void goAway(SocketWrapperBase<?> connection) {
			this.delegate.goAway(connection);
		}

		@Override
		public boolean finalGoAway(SocketWrapperBase<?> connection) {
			return this.delegate.finalGoAway(connection);
		}

		@Override
		public boolean closeIfIdle(SocketWrapperBase<?> connection) {
			return this.delegate.closeIfIdle(connection);
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

	/** A raw HTTP/1.1 keep-alive connection. */
	private static final class Client implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		Client(int port) throws IOException {
			this.socket = new Socket("127.0.0.1", port);
			this.socket.setSoTimeout(30_000);
			this.socket.setTcpNoDelay(true);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
		}

		Outcome get(String path) throws IOException {
			send(path);
			return read();
		}

		void send(String path) throws IOException {
			this.out
				.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}

		Sent sendAt(long nanos, String path, String id) {
			spinUntil(nanos);
			long written;
			try {
				send(path);
				written = System.nanoTime();
			}
			catch (IOException ex) {
				// Reset before the request went out: closed first.
				return new Sent(id, this.socket.getLocalPort(), Long.MAX_VALUE, new Outcome(Outcome.NO_RESPONSE, ""));
			}
			return new Sent(id, this.socket.getLocalPort(), written, read());
		}

		/**
		 * Reads one response.
		 * @return its status and body, {@link Outcome#NO_RESPONSE} when the connection
		 * ended before its first byte, {@link Outcome#BROKEN} when it ended inside it
		 */
		Outcome read() {
			StringBuilder head = new StringBuilder();
			try {
				while (!head.toString().endsWith("\r\n\r\n")) {
					int next = this.in.read();
					if (next < 0) {
						return new Outcome(head.isEmpty() ? Outcome.NO_RESPONSE : Outcome.BROKEN, head.toString());
					}
					head.append((char) next);
				}
				int length = 0;
				for (String line : head.toString().split("\r\n")) {
					if (line.toLowerCase().startsWith("content-length:")) {
						length = Integer.parseInt(line.substring(15).trim());
					}
				}
				byte[] body = this.in.readNBytes(length);
				if (body.length < length) {
					return new Outcome(Outcome.BROKEN, head.toString());
				}
				return new Outcome(Integer.parseInt(head.substring(9, 12)),
						new String(body, StandardCharsets.US_ASCII));
			}
			catch (SocketException ex) {
				return new Outcome(head.isEmpty() ? Outcome.NO_RESPONSE : Outcome.BROKEN, ex.toString());
			}
			catch (IOException ex) {
				return new Outcome(Outcome.BROKEN, ex.toString());
			}
		}

		boolean awaitClosedByServer(Duration timeout) throws IOException {
			this.socket.setSoTimeout((int) timeout.toMillis());
			try {
				return this.in.read() < 0;
			}
			catch (SocketException ex) {
				return true;
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
