package dev.pid1.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine beyond a JDK (a PID namespace, tini, a Docker
 * engine): when it is missing the test is skipped with what is missing and the command
 * that installs or starts it, and {@link SkippedTestsSummary} repeats both on the console
 * at the end of the run. Under {@code CI=true} a missing capability fails the test
 * instead: CI must run everything.
 */
public final class Capability {

	private Capability() {
	}

	/**
	 * Skips the calling test, or fails it under {@code CI=true}.
	 * @param missing what is missing, such as {@code tini is not installed}
	 * @param fix the command (or step) that provides it, as produced by {@link #asRoot}
	 */
	public static void missing(String missing, String fix) {
		new Missing(missing, fix).skipOrFail();
	}

	/**
	 * Skips the calling test (or fails it under CI) unless an executable exists.
	 * @param executable its path, such as {@code /usr/bin/tini}
	 * @param packages the Debian packages that install it
	 */
	public static void requireExecutable(String executable, String packages) {
		if (!Files.isExecutable(Path.of(executable))) {
			missing(executable + " is not installed", "Install: " + asRoot("apt-get install -y " + packages));
		}
	}

	/**
	 * A command as this user must type it: with {@code sudo} unless running as root.
	 * @param command the command
	 * @return the command to type
	 */
	public static String asRoot(String command) {
		return (isRoot() ? "" : "sudo ") + command;
	}

	/**
	 * Something a test needs that this machine lacks, and what provides it.
	 *
	 * @param what what is missing, such as {@code tini is not installed}
	 * @param fix the command (or step) that provides it
	 */
	public record Missing(String what, String fix) {

		/**
		 * Skips the calling test, or fails it under {@code CI=true}.
		 */
		public void skipOrFail() {
			if (isCi()) {
				Assertions.fail("CI=true, so this fails instead of skipping: " + this);
			}
			Assumptions.abort(toString());
		}

		/**
		 * This, with a prefix that says what it is needed for.
		 * @param neededFor such as {@code Container tests}
		 * @return the missing capability for that purpose
		 */
		public Missing forPurpose(String neededFor) {
			return new Missing(neededFor + ": " + this.what, this.fix);
		}

		@Override
		public String toString() {
			return this.what + ". " + this.fix;
		}

	}

	/**
	 * Whether missing capabilities fail instead of skipping.
	 * @return whether {@code CI=true}
	 */
	public static boolean isCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/**
	 * Whether this JVM runs as root (uid 0).
	 * @return whether it does
	 */
	public static boolean isRoot() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Uid:")) {
					return line.split("\\s+")[1].equals("0");
				}
			}
		}
		catch (IOException ex) {
			// no /proc: not Linux
		}
		return "root".equals(System.getProperty("user.name"));
	}

}
