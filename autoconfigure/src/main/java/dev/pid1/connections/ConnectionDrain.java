package dev.pid1.connections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.shutdown.ShutdownObserver;

/**
 * Tells the web server's connections to leave while the app still serves, from the moment
 * the drain begins: a graceful GOAWAY on each HTTP/2 connection at once, the final GOAWAY
 * after a delay (RFC 9113 section 6.8), and a close of each HTTP/1.x keep-alive
 * connection from before the drain once it is idle, so that a request racing that close
 * meets a server that still accepts, not the connectors' close. HTTP/2 connections that
 * open during the drain get their GOAWAY once they have lasted the final GOAWAY's delay.
 * <p>
 * States: {@code RUNNING -> DRAINING -> ENDED}, one transition method under one lock.
 *
 * @author pid1 authors
 */
public class ConnectionDrain implements ShutdownObserver {

	private static final Log logger = LogFactory.getLog(ConnectionDrain.class);

	private final Supplier<List<ServerConnections<?>>> servers;

	private final ConnectionDrainSettings settings;

	private final LongSupplier nanoClock;

	private final Object monitor = new Object();

	private State state = State.RUNNING;

	private List<Sweep<?>> sweeps = List.of();

	/**
	 * Creates a drain of connections.
	 * @param servers the servers' connections, resolved when the drain begins
	 * @param settings the settings
	 * @param nanoClock the clock, {@link System#nanoTime()} outside tests
	 */
	public ConnectionDrain(Supplier<List<ServerConnections<?>>> servers, ConnectionDrainSettings settings,
			LongSupplier nanoClock) {
		this.servers = servers;
		this.settings = settings;
		this.nanoClock = nanoClock;
	}

	@Override
	public void drainStarted() {
		List<Sweep<?>> started = new ArrayList<>();
		if (!transition(State.RUNNING, State.DRAINING)) {
			return;
		}
		for (ServerConnections<?> server : this.servers.get()) {
			started.add(Sweep.of(server, this.settings));
		}
		synchronized (this.monitor) {
			this.sweeps = List.copyOf(started);
		}
		Counts first = sweep();
		logger.info("pid1 drain: GOAWAY on " + first.goAways + " HTTP/2 connections, closed " + first.closed
				+ " idle HTTP/1 keep-alive connections");
		DaemonThreads.start("pid1-connection-drain", this::sweepUntilEnded);
	}

	@Override
	public void drainEnded(Duration duration, long requests) {
		transition(State.DRAINING, State.ENDED);
	}

	/**
	 * One pass over every server's connections.
	 * @return what it did
	 */
	Counts sweep() {
		List<Sweep<?>> current;
		synchronized (this.monitor) {
			if (this.state != State.DRAINING) {
				return new Counts(0, 0, 0);
			}
			current = this.sweeps;
		}
		Counts counts = new Counts(0, 0, 0);
		long now = this.nanoClock.getAsLong();
		for (Sweep<?> sweep : current) {
			counts = counts.plus(sweep.run(now));
		}
		return counts;
	}

	private void sweepUntilEnded() {
		Counts total = new Counts(0, 0, 0);
		try {
			while (isDraining()) {
				TimeUnit.NANOSECONDS.sleep(this.settings.sweepInterval().toNanos());
				total = total.plus(sweep());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("pid1 drain: later sweeps sent " + total.goAways + " GOAWAY, " + total.finalGoAways
					+ " final GOAWAY, closed " + total.closed + " idle connections");
		}
	}

	boolean isDraining() {
		synchronized (this.monitor) {
			return this.state == State.DRAINING;
		}
	}

	private boolean transition(State from, State to) {
		synchronized (this.monitor) {
			if (this.state != from) {
				return false;
			}
			this.state = to;
			return true;
		}
	}

	private enum State {

		RUNNING, DRAINING, ENDED

	}

	/**
	 * What a sweep did.
	 *
	 * @param goAways first GOAWAY frames sent
	 * @param finalGoAways final GOAWAY frames sent
	 * @param closed idle connections closed
	 */
	record Counts(int goAways, int finalGoAways, int closed) {

		Counts plus(Counts other) {
			return new Counts(this.goAways + other.goAways, this.finalGoAways + other.finalGoAways,
					this.closed + other.closed);
		}

	}

	/**
	 * The drain's memory of one server's connections: when each HTTP/2 connection was
	 * told, which had the final GOAWAY, and which were open before the drain.
	 *
	 * @param <C> the server's connection type
	 */
	private static final class Sweep<C> {

		private final ServerConnections<C> server;

		private final ConnectionDrainSettings settings;

		private final Map<C, Long> toldAt = new IdentityHashMap<>();

		private final Map<C, Long> firstSeen = new IdentityHashMap<>();

		private final Set<C> finalSent = Collections.newSetFromMap(new IdentityHashMap<>());

		private final Set<C> fromBefore = Collections.newSetFromMap(new IdentityHashMap<>());

		private Sweep(ServerConnections<C> server, ConnectionDrainSettings settings) {
			this.server = server;
			this.settings = settings;
			this.fromBefore.addAll(server.open());
		}

		static <C> Sweep<C> of(ServerConnections<C> server, ConnectionDrainSettings settings) {
			return new Sweep<>(server, settings);
		}

		synchronized Counts run(long now) {
			int goAways = 0;
			int finals = 0;
			int closed = 0;
			long delay = this.settings.finalGoAwayDelay().toNanos();
			Set<C> seen = Collections.newSetFromMap(new IdentityHashMap<>());
			for (C connection : this.server.open()) {
				seen.add(connection);
				try {
					if (this.server.isHttp2(connection)) {
						if (!this.settings.goAway()) {
							continue;
						}
						Long told = this.toldAt.get(connection);
						if (told == null && !this.fromBefore.contains(connection)) {
							// Opened during the drain: a GOAWAY within moments of the
							// accept races the peer's handshake and first stream (HAProxy
							// 2.6 failed such streams with 503 under retries 0), so the
							// connection first gets the delay a final GOAWAY gets.
							Long opened = this.firstSeen.putIfAbsent(connection, now);
							if (opened == null || now - opened < delay) {
								continue;
							}
						}
						if (told == null) {
							this.server.goAway(connection);
							this.toldAt.put(connection, now);
							goAways++;
						}
						else if (!this.finalSent.contains(connection) && now - told >= delay
								&& this.server.finalGoAway(connection)) {
							this.finalSent.add(connection);
							finals++;
						}
					}
					else if (this.settings.closeIdle() && this.fromBefore.contains(connection)
							&& this.server.closeIfIdle(connection)) {
						this.fromBefore.remove(connection);
						closed++;
					}
				}
				catch (RuntimeException ex) {
					// A connection that closes under our feet: the server handles it.
					logger.debug("pid1 drain: could not act on connection " + connection, ex);
				}
			}
			this.toldAt.keySet().retainAll(seen);
			this.firstSeen.keySet().retainAll(seen);
			this.finalSent.retainAll(seen);
			// What was open before the drain is told at once; later connections only
			// once they have lasted the delay.
			this.fromBefore.retainAll(seen);
			return new Counts(goAways, finals, closed);
		}

	}

}
