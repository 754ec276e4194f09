package dev.pid1.diagnosis;

/**
 * Decides what a value in a command line is shown as, by its key: the endpoint hands in
 * the application's sanitizing functions (Spring Boot's {@code SanitizingFunction}
 * beans), so that a command line hides what the {@code env} endpoint hides.
 *
 * @author pid1 authors
 * @see CommandLines
 */
@FunctionalInterface
public interface ValueSanitizer {

	/** Shows every value as it is. */
	ValueSanitizer NONE = (key, value) -> value;

	/**
	 * The value to show.
	 * @param key the key, for instance {@code spring.datasource.password} for
	 * {@code -Dspring.datasource.password=...}
	 * @param value the value
	 * @return the value to show in its place
	 */
	String sanitize(String key, String value);

}
