package dev.pid1.grpc;

import java.util.List;

/**
 * The connections of the app's gRPC servers, and the graceful GOAWAY that tells a client
 * to take its next calls elsewhere.
 *
 * @author pid1 authors
 */
public interface GrpcConnections {

	/** No gRPC server. */
	GrpcConnections NONE = new GrpcConnections() {

		@Override
		public boolean serving() {
			return false;
		}

		@Override
		public List<Object> open() {
			return List.of();
		}

		@Override
		public void goAway(Object connection) {
		}

	};

	/**
	 * Whether a gRPC server listens on the network.
	 * @return whether one does
	 */
	boolean serving();

	/**
	 * The connections open now.
	 * @return a snapshot of them
	 */
	List<Object> open();

	/**
	 * Starts the connection's graceful close: a GOAWAY that lets the calls in flight
	 * complete and refuses none the client sent before it saw it, then the close once
	 * they have completed. The server keeps accepting new connections.
	 * @param connection a connection from {@link #open()}
	 */
	void goAway(Object connection);

}
