package dev.pid1.diagnosis;

import java.time.Duration;

import dev.pid1.platform.Durations;

/**
 * The longest time this JVM's shutdown may take after SIGTERM, and how it adds up. A hop
 * that SIGKILLs the JVM sooner cuts the shutdown short. The wiring computes it from the
 * shutdown settings, so that this package needs none of them.
 *
 * @param total the longest shutdown
 * @param arithmetic how it adds up, for instance {@code drain up to 20 s + in-flight
 * requests up to 30 s (spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 53 s}
 * @author pid1 authors
 */
public record ShutdownBudget(Duration total, String arithmetic) {

	/**
	 * The budget of pid1's shutdown sequence.
	 * @param drainMax the longest drain ({@link Duration#ZERO} when it does not drain)
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}, which
	 * bounds the requests still in flight when the web server stops
	 * @param margin the time kept free before a kill
	 * @return the budget
	 */
	public static ShutdownBudget of(Duration drainMax, Duration phaseTimeout, Duration margin) {
		return of(drainMax, phaseTimeout, Duration.ZERO, margin);
	}

	/**
	 * The budget of pid1's shutdown sequence with a gRPC server, whose shutdown waits for
	 * its calls in flight before the web server's graceful phase begins.
	 * @param drainMax the longest drain ({@link Duration#ZERO} when it does not drain)
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}, which
	 * bounds the requests still in flight when the web server stops
	 * @param grpcGracePeriod {@code spring.grpc.server.shutdown.grace-period}, which
	 * bounds the gRPC calls in flight when the gRPC server stops ({@link Duration#ZERO}
	 * without one)
	 * @param margin the time kept free before a kill
	 * @return the budget
	 */
	public static ShutdownBudget of(Duration drainMax, Duration phaseTimeout, Duration grpcGracePeriod,
			Duration margin) {
		Duration grpc = grpcGracePeriod.isNegative() ? Duration.ZERO : grpcGracePeriod;
		Duration total = drainMax.plus(grpc).plus(phaseTimeout).plus(margin);
		String grpcPart = grpc.isZero() ? "" : " + gRPC calls in flight up to " + Durations.format(grpc)
				+ " (spring.grpc.server.shutdown.grace-period)";
		String arithmetic = "drain up to " + Durations.format(drainMax) + grpcPart + " + in-flight requests up to "
				+ Durations.format(phaseTimeout) + " (spring.lifecycle.timeout-per-shutdown-phase) + margin "
				+ Durations.format(margin) + " = " + Durations.format(total);
		return new ShutdownBudget(total, arithmetic);
	}

}
