package dev.pid1.connections;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idle keep-alive close race, for any server ({@link TomcatConnectionsTests},
 * {@link JettyConnectionsTests}, {@link NettyConnectionsTests}): raw HTTP/1.1 sockets as
 * clients, the connection drain sweeping every millisecond.
 * <p>
 * Rounds of connections from before the drain, each sending a request whose first byte
 * goes out at a random moment from 10 ms before the drain begins to 0.5 ms after, half of
 * them in two parts up to 10 ms apart (a request the server has half parsed when the
 * sweep looks), to an app that takes 0 to 1 ms. A request is cut when the app saw it and
 * the client got no response, when the response broke off, or when its first byte was
 * written well (5 ms) before the connection's close began: the kernel held it when the
 * server decided the connection was idle.
 *
 * @author pid1 authors
 */
final class IdleCloseRace {

	private static final long WELL_BEFORE = TimeUnit.MILLISECONDS.toNanos(5);

	private IdleCloseRace() {
	}

	/**
	 * Runs the race.
	 * @param <C> the server's connection type
	 * @param server the server's connections
	 * @param remotePort the client's port of a server connection
	 * @param port the server's port
	 * @param served the ids the app has seen ({@code /sleep?id=...})
	 * @param rounds how many rounds
	 * @param perRound connections per round
	 * @return the counts
	 */
	static <C> Race run(ServerConnections<C> server, ToIntFunction<C> remotePort, int port, Set<String> served,
			int rounds, int perRound) throws Exception {
		Map<Integer, Long> closedAt = new ConcurrentHashMap<>();
		ServerConnections<C> recorded = new Recording<>(server, remotePort, closedAt);
		List<String> cut = new ArrayList<>();
		int answered = 0;
		int closedFirst = 0;
		ExecutorService clients = Executors.newFixedThreadPool(perRound);
		try {
			for (int round = 0; round < rounds; round++) {
				List<Client> connections = new ArrayList<>();
				for (int i = 0; i < perRound; i++) {
					Client client = new Client(port);
					connections.add(client);
					assertThat(client.get("/hello?id=warm").status()).isEqualTo(200);
				}
				ConnectionDrain drain = drain(recorded, Duration.ofMillis(1));
				long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(12);
				List<Future<Sent>> sent = new ArrayList<>();
				for (int i = 0; i < perRound; i++) {
					Client client = connections.get(i);
					String id = round + "-" + i;
					ThreadLocalRandom random = ThreadLocalRandom.current();
					long at = start + random.nextLong(-10_000_000, 500_000);
					long gap = random.nextBoolean() ? random.nextLong(10_000_000) : -1;
					sent.add(clients.submit(() -> client.sendAt(at, gap, "/sleep?id=" + id, id)));
				}
				spinUntil(start);
				drain.drainStarted();
				for (Future<Sent> future : sent) {
					Sent request = future.get(30, TimeUnit.SECONDS);
					Long closed = closedAt.get(request.localPort());
					if (request.outcome().status() == 200) {
						answered++;
					}
					else if (request.outcome().status() != Outcome.NO_RESPONSE || served.contains(request.id())
							|| (closed != null && closed - request.writtenAt() > WELL_BEFORE)) {
						cut.add(request + (closed != null
								? " close began " + (closed - request.writtenAt()) / 1000 + " us after the first byte"
								: ""));
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
		return new Race(rounds * perRound, answered, closedFirst, cut);
	}

	static ConnectionDrain drain(ServerConnections<?> server, Duration sweepInterval) {
		return new ConnectionDrain(() -> List.of(server),
				new ConnectionDrainSettings(true, Duration.ofSeconds(1), true, sweepInterval), System::nanoTime);
	}

	/**
	 * Starts a drain that sweeps only when asked, sweeps it a number of times, and ends
	 * it.
	 * @param server the server's connections
	 * @param times how many sweeps
	 */
	static void sweeps(ServerConnections<?> server, int times) {
		ConnectionDrain drain = drain(server, Duration.ofHours(1));
		drain.drainStarted();
		for (int i = 0; i < times; i++) {
			drain.sweep();
		}
		drain.drainEnded(Duration.ZERO, 0);
	}

	static void spinUntil(long nanos) {
		while (System.nanoTime() < nanos) {
			Thread.onSpinWait();
		}
	}

	record Race(int requests, int answered, int closedFirst, List<String> cut) {

		@Override
		public String toString() {
			return this.requests + " requests: " + this.answered + " answered, " + this.closedFirst + " closed first, "
					+ this.cut.size() + " cut" + (this.cut.isEmpty() ? "" : ", the first: " + this.cut.get(0));
		}

	}

	record Sent(String id, int localPort, long writtenAt, Outcome outcome) {

	}

	record Outcome(int status, String body) {

		static final int NO_RESPONSE = -1;

		static final int BROKEN = -2;

	}

	/** Records when each connection's close began, by the client's port. */
	private static final class Recording<C> extends Delegate<C> {

		private final ToIntFunction<C> remotePort;

		private final Map<Integer, Long> closedAt;

		Recording(ServerConnections<C> delegate, ToIntFunction<C> remotePort, Map<Integer, Long> closedAt) {
			super(delegate);
			this.remotePort = remotePort;
			this.closedAt = closedAt;
		}

		@Override
		public boolean closeIfIdle(C connection) {
			int port = this.remotePort.applyAsInt(connection);
			long before = System.nanoTime();
			boolean closed = super.closeIfIdle(connection);
			if (closed) {
				this.closedAt.put(port, before);
			}
			return closed;
		}

	}

	/** Passes everything on; the old rules override {@link #closeIfIdle}. */
	static class Delegate<C> implements ServerConnections<C> {

		private final ServerConnections<C> delegate;

		Delegate(ServerConnections<C> delegate) {
			this.delegate = delegate;
		}

		@Override
		public Collection<C> open() {
			return this.delegate.open();
		}

		@Override
		public boolean isHttp2(C connection) {
			return this.delegate.isHttp2(connection);
		}

		@Override
		public void goAway(C connection) {
			this.delegate.goAway(connection);
		}

		@Override
		public boolean finalGoAway(C connection) {
			return this.delegate.finalGoAway(connection);
		}

		@Override
		public boolean closeIfIdle(C connection) {
			return this.delegate.closeIfIdle(connection);
		}

	}

	/** A raw HTTP/1.1 keep-alive connection. */
	static final class Client implements AutoCloseable {

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

		int localPort() {
			return this.socket.getLocalPort();
		}

		Outcome get(String path) throws IOException {
			send(path);
			return read();
		}

		void send(String path) throws IOException {
			write(request(path));
		}

		void write(String text) throws IOException {
			this.out.write(text.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}

		static String request(String path) {
			return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
		}

		/**
		 * Sends a request when the clock reaches a moment, in two parts {@code gap}
		 * nanoseconds apart (split in its headers) when the gap is not negative, then
		 * reads the response.
		 */
		Sent sendAt(long nanos, long gap, String path, String id) {
			String request = request(path);
			int split = request.indexOf("Host:") + 3;
			spinUntil(nanos);
			long written = Long.MAX_VALUE;
			try {
				if (gap >= 0) {
					write(request.substring(0, split));
					written = System.nanoTime();
					spinUntil(written + gap);
					write(request.substring(split));
				}
				else {
					write(request);
					written = System.nanoTime();
				}
			}
			catch (IOException ex) {
				// Reset before the (rest of the) request went out.
				return new Sent(id, localPort(), written, new Outcome(Outcome.NO_RESPONSE, ex.toString()));
			}
			return new Sent(id, localPort(), written, read());
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
