package dev.pid1.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.shutdown.ShutdownObserver;

/**
 * The gRPC server's part of the drain. When it begins: every health status
 * {@code NOT_SERVING}, then a graceful GOAWAY on every open connection while the server
 * keeps accepting and serving, so that clients and their load balancers move to another
 * backend; connections opened during the drain get theirs once they have been served for
 * a while (a client that reconnects at once is served, then told again). The calls count
 * as the drain's traffic ({@link DrainInterceptor}); Spring's own shutdown of the server
 * follows the drain and lets the calls in flight complete.
 * <p>
 * States: {@code RUNNING -> DRAINING -> DRAINED}, one transition method under one lock.
 *
 * @author pid1 authors
 */
public class GrpcDrain implements ShutdownObserver {

	private static final Log logger = LogFactory.getLog(GrpcDrain.class);

	private static final Duration SWEEP_INTERVAL = Duration.ofMillis(100);

	private final GrpcHealth health;

	private final GrpcConnections connections;

	private final GrpcCalls calls;

	private final Duration newConnectionDelay;

	private final Consumer<String> timeline;

	private final LongSupplier nanoClock;

	private final Object monitor = new Object();

	private GrpcDrainState state = GrpcDrainState.RUNNING;

	private final Set<Object> told = Collections.newSetFromMap(new IdentityHashMap<>());

	private final Map<Object, Long> firstSeen = new IdentityHashMap<>();

	private int healthServices;

	private int goneAway;

	private long callsAtStart;

	private long callsDuringDrain;

	/**
	 * Creates the drain.
	 * @param health the health services
	 * @param connections the servers' connections
	 * @param calls the calls
	 * @param newConnectionDelay how long a connection opened during the drain is served
	 * before it is told to leave
	 * @param timeline where the shutdown's timeline takes what the drain did
	 * @param nanoClock the clock, {@link System#nanoTime()} outside tests
	 */
	public GrpcDrain(GrpcHealth health, GrpcConnections connections, GrpcCalls calls, Duration newConnectionDelay,
			Consumer<String> timeline, LongSupplier nanoClock) {
		this.health = health;
		this.connections = connections;
		this.calls = calls;
		this.newConnectionDelay = newConnectionDelay;
		this.timeline = timeline;
		this.nanoClock = nanoClock;
	}

	@Override
	public boolean takesTraffic() {
		return this.connections.serving();
	}

	@Override
	public void drainStarted() {
		if (!transition(GrpcDrainState.RUNNING, GrpcDrainState.DRAINING)) {
			return;
		}
		// Health first: a probe or a health-checking balancer learns before anything
		// else.
		int services = this.health.notServing();
		List<Object> open = this.connections.open();
		synchronized (this.monitor) {
			this.healthServices = services;
			this.callsAtStart = this.calls.startedCount();
			this.told.addAll(open);
		}
		int sent = goAway(open);
		String done = "gRPC: health NOT_SERVING (" + services + " health service" + ((services != 1) ? "s" : "")
				+ "), graceful GOAWAY on " + sent + " connection" + ((sent != 1) ? "s" : "") + ", "
				+ this.calls.inFlight() + " calls in flight";
		this.timeline.accept(done);
		logger.info("pid1 drain: " + done);
		DaemonThreads.start("pid1-grpc-drain", this::sweepUntilEnded);
	}

	@Override
	public void drainEnded(Duration duration, long requests) {
		if (transition(GrpcDrainState.DRAINING, GrpcDrainState.DRAINED)) {
			long during;
			int sent;
			synchronized (this.monitor) {
				during = this.calls.startedCount() - this.callsAtStart;
				this.callsDuringDrain = during;
				sent = this.goneAway;
			}
			this.timeline.accept("gRPC: " + during + " calls during the drain, GOAWAY on " + sent
					+ " connections in all; " + this.calls.inFlight() + " calls in flight as the server shuts down");
		}
	}

	/**
	 * Spring's shutdown of a gRPC server has begun: it refuses new connections and calls,
	 * and waits for the calls in flight up to
	 * {@code spring.grpc.server.shutdown.grace-period}.
	 * @param healthWatchesEnded the health {@code Watch} streams ended for it
	 */
	public void serverShuttingDown(int healthWatchesEnded) {
		if (state() != GrpcDrainState.RUNNING) {
			this.timeline.accept("gRPC server shuts down: " + this.calls.inFlight()
					+ " calls in flight complete (up to spring.grpc.server.shutdown.grace-period), "
					+ healthWatchesEnded + " health Watch streams ended");
		}
	}

	/**
	 * Spring's shutdown of a gRPC server has ended.
	 */
	public void serverTerminated() {
		if (state() != GrpcDrainState.RUNNING) {
			this.timeline.accept("gRPC server terminated: " + this.calls.inFlight() + " calls left in flight");
		}
	}

	/**
	 * One look at the connections: those opened during the drain that have been served
	 * long enough are told to leave.
	 * @return how many were told
	 */
	int sweep() {
		List<Object> open = this.connections.open();
		List<Object> due = new ArrayList<>();
		long now = this.nanoClock.getAsLong();
		synchronized (this.monitor) {
			if (this.state != GrpcDrainState.DRAINING) {
				return 0;
			}
			Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
			for (Object connection : open) {
				seen.add(connection);
				if (this.told.contains(connection)) {
					continue;
				}
				long opened = this.firstSeen.computeIfAbsent(connection, (key) -> now);
				if (now - opened >= this.newConnectionDelay.toNanos()) {
					this.told.add(connection);
					due.add(connection);
				}
			}
			this.told.retainAll(seen);
			this.firstSeen.keySet().retainAll(seen);
		}
		return goAway(due);
	}

	private int goAway(List<Object> connections) {
		int sent = 0;
		for (Object connection : connections) {
			try {
				this.connections.goAway(connection);
				sent++;
			}
			catch (RuntimeException ex) {
				// A connection that closes under our feet: the server handles it.
				logger.debug("pid1 drain: could not send GOAWAY on gRPC connection " + connection, ex);
			}
		}
		synchronized (this.monitor) {
			this.goneAway += sent;
		}
		return sent;
	}

	private void sweepUntilEnded() {
		try {
			while (state() == GrpcDrainState.DRAINING) {
				TimeUnit.NANOSECONDS.sleep(SWEEP_INTERVAL.toNanos());
				sweep();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What the drain has done.
	 * @return the status
	 */
	public GrpcDrainStatus status() {
		synchronized (this.monitor) {
			long during = (this.state == GrpcDrainState.DRAINING) ? this.calls.startedCount() - this.callsAtStart
					: this.callsDuringDrain;
			return new GrpcDrainStatus(this.state, this.connections.serving(), this.healthServices, this.goneAway,
					during, this.calls.inFlight());
		}
	}

	GrpcDrainState state() {
		synchronized (this.monitor) {
			return this.state;
		}
	}

	private boolean transition(GrpcDrainState from, GrpcDrainState to) {
		synchronized (this.monitor) {
			if (this.state != from) {
				return false;
			}
			this.state = to;
			return true;
		}
	}

}
