package dev.pid1.diagnosis;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.Durations;

/**
 * coreutils {@code timeout} as a hop: it relays a signal it gets to its child and to its
 * own process group (not with {@code --foreground}), and waits for the child; with
 * {@code -k DURATION} it SIGKILLs the child that long after relaying (measured).
 *
 * @author pid1 authors
 */
final class TimeoutCommand {

	private TimeoutCommand() {
	}

	static void model(HopBuilder b, List<String> argv) {
		boolean foreground = false;
		Duration killAfter = null;
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (arg.equals("--foreground")) {
				foreground = true;
			}
			else if ((arg.equals("-k") || arg.equals("--kill-after")) && i + 1 < argv.size()) {
				killAfter = parse(argv.get(++i));
				b.flags.add("-k " + argv.get(i));
			}
			else if (arg.startsWith("--kill-after=") || (arg.startsWith("-k") && arg.length() > 2)) {
				String value = arg.substring(arg.startsWith("-k") ? 2 : "--kill-after=".length());
				killAfter = parse(value);
				b.flags.add("-k " + value);
			}
			else if ((arg.equals("-s") || arg.equals("--signal")) && i + 1 < argv.size()) {
				i++;
			}
			else if (!arg.startsWith("-")) {
				break;
			}
		}
		if (foreground) {
			b.flags.add("--foreground");
		}
		b.relay("relays TERM to its child" + (foreground ? "" : " and its process group") + " and waits for it"
				+ ((killAfter != null) ? ", SIGKILLing it after -k" : ""));
		b.toGroup = !foreground;
		if (killAfter != null) {
			b.kill(killAfter, "timeout -k " + Durations.format(killAfter));
		}
	}

	/**
	 * A duration as timeout reads it: a number, perhaps with a fraction, and a unit of
	 * {@code s} (the default), {@code m}, {@code h} or {@code d}.
	 * @param value the text
	 * @return the duration, or {@code null} when it is not one
	 */
	static @Nullable Duration parse(String value) {
		String text = value.strip().toLowerCase(Locale.ROOT);
		long unit = 1000;
		if (!text.isEmpty() && "smhd".indexOf(text.charAt(text.length() - 1)) >= 0) {
			char suffix = text.charAt(text.length() - 1);
			unit = switch (suffix) {
				case 'm' -> 60_000;
				case 'h' -> 3_600_000;
				case 'd' -> 86_400_000;
				default -> 1000;
			};
			text = text.substring(0, text.length() - 1);
		}
		try {
			return Duration.ofMillis(new BigDecimal(text).multiply(BigDecimal.valueOf(unit)).longValue());
		}
		catch (NumberFormatException | ArithmeticException ex) {
			return null;
		}
	}

}
