package dev.pid1.shutdown;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The settings of the adaptive end of the drain: at a rate of at least {@code minRate}
 * requests per second, a silence ends the drain once it is {@code gaps} mean gaps long
 * and 1.5 times the longest gap of the {@code window} before the last arrival, but never
 * shorter than {@code silenceMin} nor longer than the quiet period.
 *
 * @param enabled whether the arrivals may end the drain before the quiet period
 * @param minRate the rate (requests per second, over the window) from which they may
 * @param gaps how many mean gaps a silence must last
 * @param silenceMin the shortest silence that ends the drain
 * @param window the time before the last arrival that the statistics cover
 * @author pid1 authors
 */
public record AdaptiveDrain(boolean enabled, double minRate, double gaps, Duration silenceMin, Duration window) {

	/** How many times the longest recent gap a silence must last. */
	public static final double LONGEST_GAP_FACTOR = 1.5;

	private static final String PREFIX = "pid1.shutdown.adaptive.";

	/**
	 * Checks the settings.
	 * @param enabled whether the rule is on
	 * @param minRate the rate from which it applies
	 * @param gaps how many mean gaps
	 * @param silenceMin the shortest silence
	 * @param window the window
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException on bad input
	 */
	public static AdaptiveDrain of(boolean enabled, double minRate, double gaps, Duration silenceMin, Duration window) {
		if (!(minRate >= 1 && minRate <= 100_000)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "min-rate", minRate,
					"Must be a rate from 1 to 100000 requests per second");
		}
		if (!(gaps >= 2 && gaps <= 100)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "gaps", gaps,
					"Must be a number from 2 to 100 (mean gaps between requests)");
		}
		if (silenceMin == null || silenceMin.compareTo(Duration.ofMillis(10)) < 0
				|| silenceMin.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "silence-min", silenceMin,
					"Must be a duration from 10ms to 1m (a silence never needs to exceed the quiet period)");
		}
		if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0
				|| window.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "window", window,
					"Must be a duration from 1s to 1m");
		}
		return new AdaptiveDrain(enabled, minRate, gaps, silenceMin, window);
	}

	/**
	 * The defaults: on, from 20 requests/s, 8 mean gaps, at least 250 ms, over 10 s.
	 * @return the default settings
	 */
	public static AdaptiveDrain defaults() {
		return new AdaptiveDrain(true, 20, 8, Duration.ofMillis(250), Duration.ofSeconds(10));
	}

}
