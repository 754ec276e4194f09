package dev.pid1.testcontainers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Traffic sent during a termination: HTTP requests ({@link ConstantRateLoad}) or gRPC
 * calls ({@link GrpcLoad}).
 *
 * @author pid1 authors
 */
interface TrafficLoad {

	/**
	 * When the termination begins: the end of the warm-up.
	 * @return the {@link System#nanoTime()}
	 */
	long terminationStart();

	/**
	 * Waits until the schedule has ended and everything sent has been answered.
	 * @param timeout how long to wait after the schedule's end
	 * @return what happened
	 * @throws InterruptedException when interrupted
	 */
	TerminationReport.Traffic await(Duration timeout) throws InterruptedException;

	/**
	 * The gRPC calls by status, once {@link #await} has returned.
	 * @param timeout how long to wait for a stream in flight
	 * @return the calls, {@code null} for HTTP traffic
	 * @throws InterruptedException when interrupted
	 */
	default @Nullable GrpcCalls grpcCalls(Duration timeout) throws InterruptedException {
		return null;
	}

}
