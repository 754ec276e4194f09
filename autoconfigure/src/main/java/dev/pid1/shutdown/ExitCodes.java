package dev.pid1.shutdown;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.Signals;

/**
 * The exit code for a signal: 128 + signal by default (143 for SIGTERM), remapped like
 * tini's {@code -e}.
 *
 * @author pid1 authors
 */
public final class ExitCodes {

	/** The keys a remapping accepts, in words. */
	public static final String KEYS = "TERM, INT, HUP (with or without SIG) or an exit code from 129 to 159";

	private final Map<Integer, Integer> mapping;

	private ExitCodes(Map<Integer, Integer> mapping) {
		this.mapping = Map.copyOf(mapping);
	}

	/**
	 * No remapping.
	 * @return 128 + signal for every signal
	 */
	public static ExitCodes defaults() {
		return new ExitCodes(Map.of());
	}

	/**
	 * Parses a remapping whose keys are signal names ({@code TERM}, {@code SIGINT}) or
	 * exit codes ({@code 143}) and whose values are exit codes.
	 * @param mapping the mapping
	 * @return the exit codes
	 * @throws IllegalArgumentException on a key that is not one of {@link #KEYS} or a
	 * value out of 0-255
	 */
	public static ExitCodes parse(Map<String, Integer> mapping) {
		Map<Integer, Integer> codes = new HashMap<>();
		mapping.forEach((key, value) -> {
			Integer from = exitCodeOf(key);
			if (from == null) {
				throw new IllegalArgumentException("Unknown exit code key '" + key + "': must be " + KEYS);
			}
			if (value == null || value < 0 || value > 255) {
				throw new IllegalArgumentException("Exit code " + value + " for '" + key + "' is not from 0 to 255");
			}
			codes.put(from, value);
		});
		return new ExitCodes(codes);
	}

	/**
	 * The exit code a remapping's key stands for.
	 * @param key a signal name ({@code TERM}, {@code SIGINT}) or an exit code
	 * ({@code 143})
	 * @return the exit code, or {@code null} if the key is not one of {@link #KEYS}
	 */
	public static @Nullable Integer exitCodeOf(String key) {
		String name = key.trim().toUpperCase(Locale.ROOT);
		if (name.startsWith("SIG")) {
			name = name.substring(3);
		}
		switch (name) {
			case "TERM":
				return 128 + Signals.SIGTERM;
			case "INT":
				return 128 + Signals.SIGINT;
			case "HUP":
				return 128 + Signals.SIGHUP;
			default:
				try {
					int code = Integer.parseInt(name);
					return (code > 128 && code < 160) ? code : null;
				}
				catch (NumberFormatException ex) {
					return null;
				}
		}
	}

	/**
	 * The exit code for a signal.
	 * @param signal the signal number
	 * @return the code to exit with
	 */
	public int forSignal(int signal) {
		int code = 128 + signal;
		return this.mapping.getOrDefault(code, code);
	}

}
