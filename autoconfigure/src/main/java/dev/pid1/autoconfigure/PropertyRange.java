package dev.pid1.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.Durations;

/**
 * The values a bounded property accepts: a lower bound (included or not), an upper bound
 * or none, and a rule that involves another property, in words. The validator checks a
 * value against it; the configuration reference shows {@link #accepted()}, and a test
 * compares the two.
 *
 * @param <T> the property's type
 * @param name the property's name, such as {@code pid1.reaper.grace}
 * @param min the lower bound
 * @param minIncluded whether the lower bound itself is accepted
 * @param max the upper bound, included, or {@code null} for none
 * @param rule a rule about another property, checked separately, or {@code null}
 * @param format how a bound or a value is written
 * @author pid1 authors
 */
record PropertyRange<T extends Comparable<? super T>>(String name, T min, boolean minIncluded, @Nullable T max,
		@Nullable String rule, Function<T, String> format) {

	/**
	 * Durations from {@code min} to {@code max}, both included.
	 */
	static PropertyRange<Duration> between(String name, Duration min, Duration max) {
		return new PropertyRange<>(name, min, true, max, null, Durations::format);
	}

	/**
	 * Durations of {@code min} or more.
	 */
	static PropertyRange<Duration> atLeast(String name, Duration min) {
		return new PropertyRange<>(name, min, true, null, null, Durations::format);
	}

	/**
	 * Durations longer than {@code min}.
	 */
	static PropertyRange<Duration> longerThan(String name, Duration min) {
		return new PropertyRange<>(name, min, false, null, null, Durations::format);
	}

	/**
	 * Numbers from {@code min} to {@code max}, both included.
	 */
	static PropertyRange<Double> numbers(String name, double min, double max) {
		return new PropertyRange<>(name, min, true, max, null, PropertyRange::number);
	}

	/**
	 * Whole numbers from {@code min} to {@code max}, both included.
	 */
	static PropertyRange<Integer> wholeNumbers(String name, int min, int max) {
		return new PropertyRange<>(name, min, true, max, null, String::valueOf);
	}

	/**
	 * The same range, with a rule about another property.
	 */
	PropertyRange<T> and(String rule) {
		return new PropertyRange<>(this.name, this.min, this.minIncluded, this.max, rule, this.format);
	}

	/**
	 * Whether the value is within the bounds (the rule aside).
	 * @param value the value, {@code null} when unset
	 * @return whether it is accepted
	 */
	boolean accepts(@Nullable T value) {
		if (value == null) {
			return false;
		}
		int fromMin = value.compareTo(this.min);
		return (this.minIncluded ? fromMin >= 0 : fromMin > 0) && (this.max == null || value.compareTo(this.max) <= 0);
	}

	/**
	 * The bounds in words, as the configuration reference and the errors show them, such
	 * as {@code from 100 ms to 60 s} or {@code 0 s or more; at most drain-max}.
	 * @return the accepted values
	 */
	String accepted() {
		String bounds;
		if (this.max != null) {
			bounds = "from " + format(this.min) + " to " + format(this.max);
		}
		else {
			bounds = this.minIncluded ? format(this.min) + " or more" : "more than " + format(this.min);
		}
		return (this.rule != null) ? bounds + "; " + this.rule : bounds;
	}

	/**
	 * A value as the errors show it.
	 * @param value the value
	 * @return the text
	 */
	String format(T value) {
		return this.format.apply(value);
	}

	private static String number(Double value) {
		return (value == Math.rint(value) && !Double.isInfinite(value)) ? String.valueOf(value.longValue())
				: String.valueOf(value);
	}

}
