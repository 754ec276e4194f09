package dev.pid1.shutdown;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters of the shutdown: {@code pid1.shutdown.drain} (timer),
 * {@code pid1.shutdown.drain.requests} (counter) and {@code pid1.shutdown.duration}
 * (timer, from the start of shutdown until the web servers have closed).
 *
 * @author pid1 authors
 */
public class ShutdownMeters implements ShutdownObserver {

	private final Timer drain;

	private final Counter drainRequests;

	private final Timer duration;

	public ShutdownMeters(MeterRegistry registry) {
		this.drain = Timer.builder("pid1.shutdown.drain")
			.description("How long the drain before the close took")
			.register(registry);
		this.drainRequests = Counter.builder("pid1.shutdown.drain.requests")
			.description("Requests that arrived on the main port during the drain")
			.register(registry);
		this.duration = Timer.builder("pid1.shutdown.duration")
			.description("From the start of shutdown until the web servers had closed")
			.register(registry);
	}

	@Override
	public void drainEnded(Duration duration, long requests) {
		this.drain.record(duration);
		this.drainRequests.increment(requests);
	}

	@Override
	public void shutdownEnded(Duration duration) {
		this.duration.record(duration);
	}

}
