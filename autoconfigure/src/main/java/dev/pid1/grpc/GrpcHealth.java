package dev.pid1.grpc;

/**
 * The app's standard gRPC health services ({@code grpc.health.v1.Health}).
 *
 * @author pid1 authors
 */
@FunctionalInterface
public interface GrpcHealth {

	/** No health service. */
	GrpcHealth NONE = () -> 0;

	/**
	 * Makes every status of every health service {@code NOT_SERVING}, the server's
	 * ({@code ""}) included, for good: later updates are ignored.
	 * @return how many health services were told
	 */
	int notServing();

}
