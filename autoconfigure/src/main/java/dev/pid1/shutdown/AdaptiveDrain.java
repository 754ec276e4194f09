package dev.pid1.shutdown;

import java.time.Duration;

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

	/**
	 * Checks the invariants the drain policy relies on; the configured ranges are the
	 * properties' validation's.
	 * @param enabled whether the rule is on
	 * @param minRate the rate from which it applies
	 * @param gaps how many mean gaps
	 * @param silenceMin the shortest silence
	 * @param window the window
	 * @throws IllegalArgumentException if a number or a duration is not positive
	 */
	public AdaptiveDrain {
		if (!(minRate > 0) || !(gaps > 0)) {
			throw new IllegalArgumentException(
					"The rate and the number of gaps must be more than 0, were " + minRate + " and " + gaps);
		}
		if (silenceMin == null || window == null || silenceMin.isNegative() || silenceMin.isZero()
				|| window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException(
					"The shortest silence and the window must be more than 0 s, were " + silenceMin + " and " + window);
		}
	}

	/**
	 * The defaults: on, from 20 requests/s, 8 mean gaps, at least 250 ms, over 10 s.
	 * @return the default settings
	 */
	public static AdaptiveDrain defaults() {
		return new AdaptiveDrain(true, 20, 8, Duration.ofMillis(250), Duration.ofSeconds(10));
	}

}
