package dev.pid1.diagnosis;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A process's command line as the endpoint shows it: its arguments joined by spaces, each
 * value given with a key offered to a {@link ValueSanitizer}. A key is what a setting is
 * named by: {@code -Dkey=value} (a system property), {@code --key=value} (a Spring Boot
 * command-line property), {@code -key=value} and {@code KEY=value} (an environment
 * assignment in a shell command). An argument with spaces is looked at word by word (a
 * shell's {@code -c} script, options passed on as one argument), unless it is a single
 * option whose whole value the sanitizer hides ({@code -Dkey=two words}). A value given
 * as a separate argument ({@code --password secret}) has no key, so no function can
 * recognise it.
 *
 * @author pid1 authors
 */
final class CommandLines {

	private static final Pattern SETTING = Pattern.compile("(-D|--|-)?([A-Za-z_][^=\\s]*)=(.*)", Pattern.DOTALL);

	private static final Pattern WORD = Pattern.compile("\\S+");

	private CommandLines() {
	}

	/**
	 * The command line to show.
	 * @param argv the process's arguments
	 * @param sanitizer what each value is shown as
	 * @return the arguments, joined by spaces
	 */
	static String show(List<String> argv, ValueSanitizer sanitizer) {
		return argv.stream().map((argument) -> argument(argument, sanitizer)).collect(Collectors.joining(" "));
	}

	private static String argument(String argument, ValueSanitizer sanitizer) {
		Matcher setting = SETTING.matcher(argument);
		if (!containsWhitespace(argument)) {
			return setting.matches() ? sanitized(setting, sanitizer) : argument;
		}
		if (setting.matches() && setting.group(1) != null) {
			String whole = sanitized(setting, sanitizer);
			if (!whole.equals(argument)) {
				return whole;
			}
		}
		return WORD.matcher(argument).replaceAll((word) -> {
			Matcher inner = SETTING.matcher(word.group());
			return Matcher.quoteReplacement(inner.matches() ? sanitized(inner, sanitizer) : word.group());
		});
	}

	private static String sanitized(Matcher setting, ValueSanitizer sanitizer) {
		String prefix = (setting.group(1) != null) ? setting.group(1) : "";
		return prefix + setting.group(2) + "=" + sanitizer.sanitize(setting.group(2), setting.group(3));
	}

	private static boolean containsWhitespace(String text) {
		return text.chars().anyMatch(Character::isWhitespace);
	}

}
