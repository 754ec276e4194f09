package dev.pid1.platform;

import java.time.Duration;

/**
 * The one way pid1 writes a duration in what it logs, reports and rejects: {@code 3 s}
 * when it is whole seconds, {@code 1500 ms} otherwise. Every concern uses it, so that a
 * value reads the same in a startup error, a log line and the shutdown timeline.
 *
 * @author pid1 authors
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * A duration as {@code 3 s} or {@code 1500 ms} (whole milliseconds, rounded down).
	 * @param duration the duration
	 * @return the text
	 */
	public static String format(Duration duration) {
		return formatNanos(duration.toNanos());
	}

	/**
	 * A duration in nanoseconds as {@code 3 s} or {@code 1500 ms}.
	 * @param nanos the duration in nanoseconds
	 * @return the text
	 */
	public static String formatNanos(long nanos) {
		long ms = nanos / 1_000_000;
		return (ms % 1000 == 0) ? (ms / 1000) + " s" : ms + " ms";
	}

}
