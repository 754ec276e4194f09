package dev.pid1.platform;

import java.util.Locale;

/**
 * Chooses the {@link ProcessPlatform} for this JVM. Deciding is cheap and loads nothing
 * native; {@link #load(ClassLoader)} is what loads JNA, so callers keep it off the main
 * thread.
 *
 * @author pid1 authors
 */
public final class ProcessPlatforms {

	private static final String JNA_CLASS = "com.sun.jna.Native";

	private static final String LINUX_PLATFORM_CLASS = "dev.pid1.platform.linux.LinuxProcessPlatform";

	private ProcessPlatforms() {
	}

	/**
	 * Why native support cannot work here, decided without loading anything native.
	 * @param classLoader the class loader that would load JNA
	 * @return the reason, or {@code null} when a native platform may be loaded
	 */
	public static String unsupportedReason(ClassLoader classLoader) {
		String osName = System.getProperty("os.name", "unknown");
		if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
			return "not running on Linux (" + osName + ")";
		}
		if (!isPresent(JNA_CLASS, classLoader)) {
			return "JNA is not on the classpath (add net.java.dev.jna:jna, which pid1-spring-boot-starter brings)";
		}
		return null;
	}

	/**
	 * Loads the platform: the Linux one if it can work here, else an inert one that says
	 * why. Never throws: a native library that fails to load degrades to inert.
	 * @param classLoader the class loader to load JNA with
	 * @return the platform
	 */
	public static ProcessPlatform load(ClassLoader classLoader) {
		String reason = unsupportedReason(classLoader);
		if (reason != null) {
			return new InertProcessPlatform(reason);
		}
		try {
			Class<?> type = Class.forName(LINUX_PLATFORM_CLASS, true, classLoader);
			return (ProcessPlatform) type.getDeclaredConstructor().newInstance();
		}
		catch (LinkageError ex) {
			return new InertProcessPlatform("JNA's native library failed to load (" + describe(ex)
					+ "); if the temp dir is mounted noexec, set -Djna.tmpdir to an executable directory");
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new InertProcessPlatform("the native platform failed to start (" + describe(cause) + ")");
		}
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	private static boolean isPresent(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
