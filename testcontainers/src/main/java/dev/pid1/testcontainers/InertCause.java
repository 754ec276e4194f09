package dev.pid1.testcontainers;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Why pid1 is inert in a container, read from the reason it gives
 * ({@code platform.detail}, or the {@code inert (...)} part of its startup line), with
 * what to change.
 *
 * @author pid1 authors
 */
public enum InertCause {

	/** pid1 needs Linux. */
	NOT_LINUX("pid1 does nothing off Linux", "run the image on Linux (any container engine does)"),

	/** A 32-bit JVM: pid1's native calls are written for 64-bit Linux. */
	DATA_MODEL("the JVM is 32-bit (armhf, i386), and pid1's native calls are written for 64-bit Linux",
			"run a 64-bit JVM, or start the JVM under an init that reaps (`tini -- java ...`)"),

	/** JNA is missing from the application's class path. */
	NO_JNA("JNA is not on the application's class path",
			"add net.java.dev.jna:jna (pid1-spring-boot-starter brings it; a custom build or a shaded jar may drop it)"),

	/** JNA's native library could not be loaded, as from a {@code noexec} temp dir. */
	NATIVE_LIBRARY("JNA could not load its native library from the temp dir, as when /tmp is mounted noexec",
			"mount /tmp with exec (a Kubernetes emptyDir, `docker run --tmpfs /tmp:exec`) or set -Djna.tmpdir to a"
					+ " directory that allows exec (JNA also tries ~/.cache/JNA/temp first)"),

	/** Anything else. */
	OTHER("the native platform did not start", "see the reason pid1 gives");

	private final String explanation;

	private final String fix;

	InertCause(String explanation, String fix) {
		this.explanation = explanation;
		this.fix = fix;
	}

	/**
	 * What the cause means.
	 * @return one sentence
	 */
	public String explanation() {
		return this.explanation;
	}

	/**
	 * What to change.
	 * @return the fix
	 */
	public String fix() {
		return this.fix;
	}

	/**
	 * Classifies pid1's reason for being inert.
	 * @param reason the reason, as pid1 gives it
	 * @return the cause
	 */
	public static InertCause of(@Nullable String reason) {
		String text = (reason != null) ? reason.toLowerCase(Locale.ROOT) : "";
		if (text.contains("not running on linux")) {
			return NOT_LINUX;
		}
		if (text.contains("32-bit jvm")) {
			return DATA_MODEL;
		}
		if (text.contains("jna is not on the classpath")) {
			return NO_JNA;
		}
		if (text.contains("failed to map segment") || text.contains("noexec") || text.contains("unsatisfiedlinkerror")
				|| text.contains("native library failed to load") || text.contains("could not load its native library")
				|| text.contains("could not extract its native library")) {
			return NATIVE_LIBRARY;
		}
		return OTHER;
	}

}
