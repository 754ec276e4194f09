package dev.pid1.reaping;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks of configuration values that name the property, the bad value and what is
 * accepted.
 *
 * @author pid1 authors
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static Duration requireBetween(String property, Duration value, Duration min, Duration max) {
		if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"must be between " + format(min) + " and " + format(max));
		}
		return value;
	}

	static String format(Duration duration) {
		if (duration.toMillis() % 1000 == 0) {
			long seconds = duration.toSeconds();
			return (seconds % 60 == 0 && seconds > 0) ? (seconds / 60) + "m" : seconds + "s";
		}
		return duration.toMillis() + "ms";
	}

}
