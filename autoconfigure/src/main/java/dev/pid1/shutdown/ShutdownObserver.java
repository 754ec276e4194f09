package dev.pid1.shutdown;

import java.time.Duration;

/**
 * Told about a shutdown as it happens, for metrics and for protocol work (closing idle
 * connections, HTTP/2 GOAWAY). Beans of this type are resolved when the context has
 * started. Each method is called once at most, outside pid1's lock, on the thread that
 * made the transition; an exception is logged and does not stop the sequence.
 *
 * @author pid1 authors
 */
public interface ShutdownObserver {

	/**
	 * The drain has begun: readiness is {@code REFUSING_TRAFFIC} and the app keeps
	 * serving. Called on the thread that began the drain (a signal's, a preStop
	 * request's, or the one closing the context), before the drain can end.
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
