package dev.pid1.reaping;

import java.time.Duration;

/**
 * The reaper's settings.
 *
 * @param mode the requested mode
 * @param grace how long a zombie must stay one before safe mode reaps it
 * @param interval how often to look again while zombies remain that cannot be reaped yet
 * @param subreaper when to become a child subreaper when not PID 1
 * @author pid1 authors
 */
public record ReaperSettings(ReaperMode mode, Duration grace, Duration interval, SubreaperPolicy subreaper) {

	/**
	 * Checks the invariants the reaper relies on; the configured ranges are the
	 * properties' validation's.
	 * @param mode the requested mode
	 * @param grace how long a zombie must stay one before safe mode reaps it
	 * @param interval how often to look again
	 * @param subreaper when to become a child subreaper, {@code null} for
	 * {@link SubreaperPolicy#AUTO}
	 * @throws IllegalArgumentException if the mode is missing or a duration is not
	 * positive
	 */
	public ReaperSettings {
		if (mode == null) {
			throw new IllegalArgumentException("The reaper mode is required");
		}
		requirePositive("The grace", grace);
		requirePositive("The interval", interval);
		if (subreaper == null) {
			subreaper = SubreaperPolicy.AUTO;
		}
	}

	/**
	 * The defaults: automatic mode, 1 s grace, 50 ms interval, subreaper in a container.
	 * @return the default settings
	 */
	public static ReaperSettings defaults() {
		return new ReaperSettings(ReaperMode.AUTO, Duration.ofSeconds(1), Duration.ofMillis(50), SubreaperPolicy.AUTO);
	}

	static Duration requirePositive(String what, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(what + " must be more than 0 s, was " + value);
		}
		return value;
	}

}
