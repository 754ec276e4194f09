package dev.pid1.platform;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Chooses the {@link ProcessPlatform} for this JVM: the first native backend that loads,
 * else an {@link UnsupportedPlatform} that says why none did. Deciding whether a backend
 * could work is cheap and loads nothing native; {@link #load(ClassLoader)} is what loads
 * one (JNA: native extraction and an {@code ldconfig} spawn), so callers keep it off the
 * main thread.
 * <p>
 * Backends are tried in order. Today there is one, libc through JNA; a backend over the
 * Java 22+ foreign function API would go first in the list, with
 * {@code Runtime.version()} as its requirement, and would need no JNA.
 *
 * @author pid1 authors
 */
public final class ProcessPlatforms {

	static final Backend JNA = new Backend("JNA", "dev.pid1.platform.linux.LinuxProcessPlatform", "com.sun.jna.Native",
			"JNA is not on the classpath (add net.java.dev.jna:jna, which pid1-spring-boot-starter brings)");

	private static final List<Backend> BACKENDS = List.of(JNA);

	private ProcessPlatforms() {
	}

	/**
	 * Why native support cannot work here, decided without loading anything native.
	 * @param classLoader the class loader that would load a backend
	 * @return the reason, or {@code null} when a native platform may be loaded
	 */
	public static @Nullable String unsupportedReason(ClassLoader classLoader) {
		return unsupportedReason(classLoader, BACKENDS);
	}

	static @Nullable String unsupportedReason(ClassLoader classLoader, List<Backend> backends) {
		String osName = System.getProperty("os.name", "unknown");
		if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
			return "not running on Linux (" + osName + ")";
		}
		List<String> missing = new ArrayList<>();
		for (Backend backend : backends) {
			if (backend.isAvailable(classLoader)) {
				return null;
			}
			missing.add(backend.missing());
		}
		return String.join("; ", missing);
	}

	/**
	 * Loads the platform: the first native backend that can work here and loads, else an
	 * unsupported platform that says why. Never throws: a native library that fails to
	 * load ({@link UnsatisfiedLinkError} and the like) degrades to unsupported.
	 * @param classLoader the class loader to load the backend with
	 * @return the platform
	 */
	public static ProcessPlatform load(ClassLoader classLoader) {
		return load(classLoader, BACKENDS);
	}

	static ProcessPlatform load(ClassLoader classLoader, List<Backend> backends) {
		String reason = unsupportedReason(classLoader, backends);
		if (reason != null) {
			return new UnsupportedPlatform(reason);
		}
		List<String> failures = new ArrayList<>();
		for (Backend backend : backends) {
			if (!backend.isAvailable(classLoader)) {
				continue;
			}
			try {
				Class<?> type = Class.forName(backend.platformClass(), true, classLoader);
				return (NativePlatform) type.getDeclaredConstructor().newInstance();
			}
			catch (InvocationTargetException ex) {
				failures.add(failure(backend, (ex.getCause() != null) ? ex.getCause() : ex));
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				failures.add(failure(backend, ex));
			}
			catch (Error ex) {
				// JNA reports an incompatible native library with a plain Error.
				failures.add(failure(backend, ex));
			}
		}
		return new UnsupportedPlatform(String.join("; ", failures));
	}

	private static String failure(Backend backend, Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		if (ex instanceof LinkageError) {
			return backend.name() + "'s native library failed to load (" + describe(ex)
					+ "); if the temp dir is mounted noexec, set -Djna.tmpdir to an executable directory";
		}
		if (ex instanceof Error) {
			return backend.name() + "'s native library failed to load (" + describe(ex) + ")";
		}
		return "the native platform failed to start (" + describe(ex) + ")";
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	/**
	 * A native backend.
	 *
	 * @param name its name in messages
	 * @param platformClass the {@link NativePlatform} implementation, with a public
	 * no-argument constructor that loads what it needs
	 * @param requiredClass a class whose presence says the backend may work
	 * @param missing what to say when that class is missing
	 */
	record Backend(String name, String platformClass, String requiredClass, String missing) {

		boolean isAvailable(ClassLoader classLoader) {
			try {
				Class.forName(this.requiredClass, false, classLoader);
				return true;
			}
			catch (ClassNotFoundException | LinkageError ex) {
				return false;
			}
		}

	}

}
