package dev.pid1.shutdown;

import java.time.Duration;

/**
 * Told about a shutdown as it happens, for metrics.
 *
 * @author pid1 authors
 */
public interface ShutdownObserver {

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
