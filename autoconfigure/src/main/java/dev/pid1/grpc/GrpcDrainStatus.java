package dev.pid1.grpc;

/**
 * What the gRPC server's drain has done, for {@code /actuator/pid1}.
 *
 * @param state where the drain stands
 * @param serving whether a gRPC server listens on the network
 * @param healthServicesNotServing health services turned {@code NOT_SERVING}
 * @param connectionsGoneAway connections sent the graceful GOAWAY
 * @param callsDuringDrain calls that started during the drain (health checks and
 * reflection aside)
 * @param callsInFlight calls in flight now
 * @author pid1 authors
 */
public record GrpcDrainStatus(GrpcDrainState state, boolean serving, int healthServicesNotServing,
		int connectionsGoneAway, long callsDuringDrain, long callsInFlight) {

}
