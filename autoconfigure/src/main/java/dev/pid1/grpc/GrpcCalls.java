package dev.pid1.grpc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The gRPC calls the app serves: how many have started and how many are in flight, and
 * the hook that tells the drain of each one, as the web filters tell it of each request.
 * Health checks and reflection calls are not counted ({@link DrainInterceptor}).
 *
 * @author pid1 authors
 */
public final class GrpcCalls {

	private final Runnable onCall;

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong inFlight = new AtomicLong();

	/**
	 * Creates the count.
	 * @param onCall told of each call as it starts (the drain's traffic)
	 */
	public GrpcCalls(Runnable onCall) {
		this.onCall = onCall;
	}

	void started() {
		this.started.incrementAndGet();
		this.inFlight.incrementAndGet();
		this.onCall.run();
	}

	void ended() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * The calls started so far.
	 * @return how many
	 */
	public long startedCount() {
		return this.started.get();
	}

	/**
	 * The calls started and not yet ended.
	 * @return how many
	 */
	public long inFlight() {
		return this.inFlight.get();
	}

}
