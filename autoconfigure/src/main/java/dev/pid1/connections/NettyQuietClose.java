package dev.pid1.connections;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Ends Reactor Netty's close without its quiet period when nothing is left in flight.
 * <p>
 * Spring's {@link ReactorResourceFactory} stops in phase 0, after the web server (phase
 * {@code DEFAULT_PHASE - 2048}), and disposes Reactor Netty's event loops with a quiet
 * period of 2 s ({@code LoopResources.DEFAULT_SHUTDOWN_QUIET_PERIOD}): the loops wait
 * until no task has come for 2 s, time a drain has already proven quiet. This lifecycle
 * stops just before it and, when the server's connections have all closed, sets that
 * quiet period to zero. A quiet period the app set itself
 * ({@code spring.netty.shutdown-quiet-period}) is left as it is.
 *
 * @author pid1 authors
 */
public class NettyQuietClose implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(NettyQuietClose.class);

	private final Supplier<@Nullable ReactorResourceFactory> resources;

	private final NettyConnections connections;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param resources the factory of Reactor Netty's resources, resolved when it stops,
	 * {@code null} to leave the quiet period alone
	 * @param connections the server's connections
	 */
	public NettyQuietClose(Supplier<@Nullable ReactorResourceFactory> resources, NettyConnections connections) {
		this.resources = resources;
		this.connections = connections;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		ReactorResourceFactory resources = this.resources.get();
		if (resources != null && this.connections.open().isEmpty()) {
			resources.setShutdownQuietPeriod(Duration.ZERO);
			logger.debug("pid1: no connection left open, Reactor Netty's event loops close without a quiet period");
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// After the web servers, just before ReactorResourceFactory (phase 0).
		return 1;
	}

}
