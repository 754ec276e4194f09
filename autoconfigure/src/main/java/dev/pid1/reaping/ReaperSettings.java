package dev.pid1.reaping;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The reaper's settings, checked: a grace or interval outside the accepted range fails
 * with an {@link InvalidConfigurationPropertyValueException} naming the property.
 *
 * @param mode the requested mode
 * @param grace how long a zombie must stay one before safe mode reaps it
 * @param interval how often to look again while zombies remain that cannot be reaped yet
 * @param subreaper when to become a child subreaper when not PID 1
 * @author pid1 authors
 */
public record ReaperSettings(ReaperMode mode, Duration grace, Duration interval, SubreaperPolicy subreaper) {

	/**
	 * Shortest accepted grace: below it the JDK's own reaper thread may lose the race.
	 */
	public static final Duration MIN_GRACE = Duration.ofMillis(100);

	/** Longest accepted grace. */
	public static final Duration MAX_GRACE = Duration.ofMinutes(1);

	/** Shortest accepted interval. */
	public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

	/** Longest accepted interval. */
	public static final Duration MAX_INTERVAL = Duration.ofSeconds(10);

	public ReaperSettings {
		if (mode == null) {
			throw new InvalidConfigurationPropertyValueException("pid1.reaper.mode", null,
					"must be one of auto, exact, safe, off");
		}
		PropertyChecks.requireBetween("pid1.reaper.grace", grace, MIN_GRACE, MAX_GRACE);
		PropertyChecks.requireBetween("pid1.reaper.interval", interval, MIN_INTERVAL, MAX_INTERVAL);
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

}
