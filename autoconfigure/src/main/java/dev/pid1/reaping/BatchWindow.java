package dev.pid1.reaping;

import java.time.Duration;

/**
 * How long the reaper lets exits queue up after it wakes for one, before it looks: short
 * for a lone exit, longer while a storm goes on. Each look (the leader's children file,
 * two wake-ups) costs about what a few reaps do, so reaping 2-3 zombies per look, as a
 * fixed 1 ms window does in a storm of about 3 exits a millisecond, spends most of the
 * reaper's CPU on looking. The window doubles after every look that reaped more than one
 * zombie, up to {@code max}, and drops back to {@code min} after one that reaped one or
 * none; it delays the last zombie of a storm by at most {@code max}.
 * <p>
 * Not thread-safe: the reaper thread's own.
 *
 * @author pid1 authors
 */
final class BatchWindow {

	static final Duration MIN = Duration.ofMillis(1);

	static final Duration MAX = Duration.ofMillis(8);

	private final long minNanos;

	private final long maxNanos;

	private long nanos;

	BatchWindow() {
		this(MIN, MAX);
	}

	BatchWindow(Duration min, Duration max) {
		this.minNanos = min.toNanos();
		this.maxNanos = Math.max(this.minNanos, max.toNanos());
		this.nanos = this.minNanos;
	}

	/**
	 * How long to let exits queue up after the next wake-up.
	 * @return the window in nanoseconds
	 */
	long nanos() {
		return this.nanos;
	}

	/**
	 * Adapts the window to what the last look reaped.
	 * @param reaped the zombies it reaped
	 */
	void reaped(int reaped) {
		this.nanos = (reaped > 1) ? Math.min(this.nanos * 2, this.maxNanos) : this.minNanos;
	}

}
