package dev.pid1.shutdown;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.Durations;

/**
 * The shutdown sequence's settings.
 *
 * @param drainMode when to drain
 * @param drainMin the shortest drain
 * @param drainMax the longest drain
 * @param quietPeriod how long without a new request ends the drain below the adaptive
 * rate, and at most above it
 * @param adaptive the adaptive end of the drain
 * @param signalBurstWindow how long the same signal again counts as a repeat
 * @param deadline from the start of shutdown to the halt
 * @param exitCodes the exit code per signal
 * @param connectionClose whether responses during the drain carry
 * {@code Connection: close}
 * @author pid1 authors
 */
public record ShutdownSettings(DrainMode drainMode, Duration drainMin, Duration drainMax, Duration quietPeriod,
		AdaptiveDrain adaptive, Duration signalBurstWindow, Duration deadline, ExitCodes exitCodes,
		boolean connectionClose) {

	/** Kubernetes' default terminationGracePeriodSeconds. */
	public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);

	/** Time kept between pid1's own halt and the orchestrator's SIGKILL. */
	public static final Duration MARGIN = Duration.ofSeconds(3);

	/**
	 * Checks the invariants the sequence relies on; the configured ranges are the
	 * properties' validation's.
	 * @param drainMode when to drain
	 * @param drainMin the shortest drain
	 * @param drainMax the longest drain
	 * @param quietPeriod the quiet period
	 * @param adaptive the adaptive end of the drain
	 * @param signalBurstWindow the signal burst window
	 * @param deadline from the start of shutdown to the halt
	 * @param exitCodes the exit codes
	 * @param connectionClose whether drain responses carry {@code Connection: close}
	 * @throws IllegalArgumentException if a duration is missing or negative, the shortest
	 * drain exceeds the longest, or the deadline is not positive
	 */
	public ShutdownSettings {
		requireNotNegative("The shortest drain", drainMin);
		requireNotNegative("The longest drain", drainMax);
		requireNotNegative("The quiet period", quietPeriod);
		requireNotNegative("The signal burst window", signalBurstWindow);
		requireNotNegative("The deadline", deadline);
		if (drainMode == null || adaptive == null || exitCodes == null) {
			throw new IllegalArgumentException("The drain mode, the adaptive drain and the exit codes are required");
		}
		if (drainMin.compareTo(drainMax) > 0) {
			throw new IllegalArgumentException("The shortest drain (" + Durations.format(drainMin)
					+ ") exceeds the longest (" + Durations.format(drainMax) + ")");
		}
		if (deadline.isZero()) {
			throw new IllegalArgumentException("The deadline must be more than 0 s");
		}
	}

	/**
	 * The deadline: the configured one, or else the grace period minus {@link #MARGIN}
	 * (but at least half the grace period).
	 * @param deadline the configured deadline, or {@code null}
	 * @param gracePeriod the orchestrator's grace period, or {@code null} for
	 * {@link #DEFAULT_GRACE_PERIOD}
	 * @return the deadline
	 */
	public static Duration deadline(@Nullable Duration deadline, @Nullable Duration gracePeriod) {
		if (deadline != null) {
			return deadline;
		}
		Duration grace = (gracePeriod != null) ? gracePeriod : DEFAULT_GRACE_PERIOD;
		Duration derived = grace.minus(MARGIN);
		return (derived.compareTo(grace.dividedBy(2)) < 0) ? grace.dividedBy(2) : derived;
	}

	/**
	 * The longest drain this sequence may run: the maximum, or none when it never drains.
	 * @return the longest drain
	 */
	public Duration longestDrain() {
		return (this.drainMode != DrainMode.NEVER) ? this.drainMax : Duration.ZERO;
	}

	private static void requireNotNegative(String what, Duration value) {
		if (value == null || value.isNegative()) {
			throw new IllegalArgumentException(what + " must be 0 s or more, was " + value);
		}
	}

}
