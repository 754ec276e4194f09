package dev.pid1.shutdown;

import java.time.Duration;

/**
 * Told about a shutdown as it happens: for metrics, and for the connections that should
 * leave when the drain begins.
 *
 * @author pid1 authors
 */
public interface ShutdownObserver {

	/**
	 * The drain has begun: readiness is {@code REFUSING_TRAFFIC}. Called once, on the
	 * thread that began it, so that connections can be told to go elsewhere at once.
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
