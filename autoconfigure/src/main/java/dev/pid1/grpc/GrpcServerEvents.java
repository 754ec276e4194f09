package dev.pid1.grpc;

import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * Spring gRPC's server lifecycle as the drain needs it: each server as it starts, and
 * Spring's shutdown of it for the timeline.
 *
 * @author pid1 authors
 */
public final class GrpcServerEvents implements ApplicationListener<GrpcServerLifecycleEvent> {

	private final ChannelzConnections connections;

	private final GrpcDrain drain;

	private final DrainInterceptor interceptor;

	/**
	 * Creates the listener.
	 * @param connections where started servers are registered
	 * @param drain the drain
	 * @param interceptor the interceptor, which ends the health watches when the server
	 * shuts down
	 */
	public GrpcServerEvents(ChannelzConnections connections, GrpcDrain drain, DrainInterceptor interceptor) {
		this.connections = connections;
		this.drain = drain;
		this.interceptor = interceptor;
	}

	@Override
	public void onApplicationEvent(GrpcServerLifecycleEvent event) {
		if (event instanceof GrpcServerStartedEvent) {
			this.connections.register(event.getServer());
		}
		else if (event instanceof GrpcServerShutdownEvent) {
			this.drain.serverShuttingDown(this.interceptor.endHealthWatches());
		}
		else if (event instanceof GrpcServerTerminatedEvent) {
			this.drain.serverTerminated();
		}
	}

}
