package dev.pid1.grpc;

/**
 * Where the gRPC server's drain stands.
 *
 * @author pid1 authors
 */
public enum GrpcDrainState {

	/** Serving: the drain has not begun. */
	RUNNING,

	/** Health {@code NOT_SERVING}, connections told to leave, calls still served. */
	DRAINING,

	/** The drain has ended: Spring's shutdown of the server follows. */
	DRAINED

}
