package dev.pid1.actuate;

import dev.pid1.grpc.GrpcDrainState;
import dev.pid1.grpc.GrpcDrainStatus;

/**
 * What the gRPC server's drain has done, in the {@code pid1} endpoint's response.
 *
 * @param state where the drain stands
 * @param serving whether a gRPC server listens on the network (in-process servers have
 * nothing to drain)
 * @param healthServicesNotServing health services turned {@code NOT_SERVING}
 * @param connectionsGoneAway connections sent the graceful GOAWAY
 * @param callsDuringDrain calls that started during the drain (health checks and
 * reflection aside)
 * @param callsInFlight calls in flight now
 * @author pid1 authors
 */
public record GrpcDescriptor(State state, boolean serving, int healthServicesNotServing, int connectionsGoneAway,
		long callsDuringDrain, long callsInFlight) {

	static GrpcDescriptor of(GrpcDrainStatus status) {
		return new GrpcDescriptor(State.of(status.state()), status.serving(), status.healthServicesNotServing(),
				status.connectionsGoneAway(), status.callsDuringDrain(), status.callsInFlight());
	}

	/**
	 * Where the gRPC server's drain stands.
	 */
	public enum State {

		/** Serving: the drain has not begun. */
		RUNNING,

		/** Health {@code NOT_SERVING}, connections told to leave, calls still served. */
		DRAINING,

		/** The drain has ended: Spring's shutdown of the server follows. */
		DRAINED;

		static State of(GrpcDrainState state) {
			return switch (state) {
				case RUNNING -> RUNNING;
				case DRAINING -> DRAINING;
				case DRAINED -> DRAINED;
			};
		}

	}

}
