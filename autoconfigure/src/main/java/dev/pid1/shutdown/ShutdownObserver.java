package dev.pid1.shutdown;

import java.time.Duration;

/**
 * Told about a shutdown as it happens, for metrics and for protocol work (closing idle
 * connections, HTTP/2 GOAWAY). Beans of this type are resolved when the context has
 * started. Each method is called once at most, outside pid1's lock, on pid1's
 * {@code pid1-shutdown-effects} thread, in the order of the shutdown; an exception is
 * logged and does not stop the sequence. A call that blocks delays the calls after it but
 * not the shutdown: pid1 waits for {@link #drainStarted} and {@link #drainEnded} no
 * longer than the drain's maximum, and for {@link #shutdownEnded} no longer than the
 * deadline.
 *
 * @author pid1 authors
 */
public interface ShutdownObserver {

	/**
	 * Whether a server this observer drains takes traffic beside the web server (a gRPC
	 * server): an app with one drains without a web server. Asked once, when the app is
	 * ready.
	 * @return whether it does
	 */
	default boolean takesTraffic() {
		return false;
	}

	/**
	 * The drain has begun: readiness is {@code REFUSING_TRAFFIC} and the app keeps
	 * serving. The drain does not end before this call has returned, unless it reaches
	 * its maximum or is cut short.
	 */
	default void drainStarted() {
	}

	/**
	 * The drain has ended.
	 * @param duration how long it took
	 * @param requests how many requests arrived on the main port during it
	 */
	default void drainEnded(Duration duration, long requests) {
	}

	/**
	 * The lifecycles have stopped: the web servers have closed gracefully.
	 * @param duration from the start of shutdown
	 */
	default void shutdownEnded(Duration duration) {
	}

}
