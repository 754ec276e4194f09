package dev.pid1.test;

import java.util.Locale;

import org.junit.jupiter.api.Assumptions;

/**
 * Which of pid1's native backends this test JVM can run: JNA where it is on the class
 * path (not in the surefire execution that removes it), FFM on Java 22+. A test of a
 * backend this JVM cannot run is skipped with the reason.
 */
public final class NativeBackends {

	private NativeBackends() {
	}

	/**
	 * Skips the calling test when this JVM cannot run the backend.
	 * @param backend {@code FFM} or {@code JNA}
	 */
	public static void assumeAvailable(String backend) {
		String reason = unavailableReason(backend);
		Assumptions.assumeTrue(reason == null, reason);
	}

	/**
	 * Why this JVM cannot run the backend.
	 * @param backend {@code FFM} or {@code JNA}
	 * @return the reason, or {@code null} when it can
	 */
	public static String unavailableReason(String backend) {
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
			return "pid1's native backends run on Linux only";
		}
		if (backend.equals("FFM")) {
			int java = Runtime.version().feature();
			return (java >= 22) ? null : "the FFM backend needs Java 22+ (this test JVM is Java " + java + ")";
		}
		try {
			Class.forName("com.sun.jna.Native", false, NativeBackends.class.getClassLoader());
			return null;
		}
		catch (ClassNotFoundException ex) {
			return "JNA is not on this test class path (the surefire execution without JNA)";
		}
	}

}
