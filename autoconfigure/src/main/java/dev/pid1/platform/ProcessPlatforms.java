package dev.pid1.platform;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.UnsupportedPlatform.Cause;

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

	/**
	 * {@code os.arch} of 32-bit JVMs, for when {@code sun.arch.data.model} is missing.
	 */
	private static final Set<String> THIRTY_TWO_BIT_ARCHES = Set.of("x86", "i386", "i486", "i586", "i686", "arm",
			"armhf", "armel", "armv7l", "aarch32", "ppc", "mips", "mipsel", "s390", "sparc");

	private ProcessPlatforms() {
	}

	/**
	 * Why native support cannot work here, decided without loading anything native.
	 * @param classLoader the class loader that would load a backend
	 * @return the reason, or {@code null} when a native platform may be loaded
	 */
	public static @Nullable String unsupportedReason(ClassLoader classLoader) {
		UnsupportedPlatform unsupported = unsupported(classLoader);
		return (unsupported != null) ? unsupported.reason() : null;
	}

	/**
	 * The inert platform, when native support cannot work here: decided from this JVM's
	 * system properties and the class path, without loading anything native.
	 * @param classLoader the class loader that would load a backend
	 * @return the inert platform, or {@code null} when a native platform may be loaded
	 */
	public static @Nullable UnsupportedPlatform unsupported(ClassLoader classLoader) {
		return unsupported(System::getProperty, classLoader, BACKENDS);
	}

	static @Nullable UnsupportedPlatform unsupported(Function<String, @Nullable String> properties,
			ClassLoader classLoader, List<Backend> backends) {
		String osName = Objects.requireNonNullElse(properties.apply("os.name"), "unknown");
		if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
			return new UnsupportedPlatform(Cause.NOT_LINUX, "not running on Linux (" + osName + ")");
		}
		String dataModel = notLp64(properties);
		if (dataModel != null) {
			return new UnsupportedPlatform(Cause.DATA_MODEL, dataModel);
		}
		List<String> missing = new ArrayList<>();
		for (Backend backend : backends) {
			if (backend.isAvailable(classLoader)) {
				return null;
			}
			missing.add(backend.missing());
		}
		return new UnsupportedPlatform(Cause.NO_NATIVE_BACKEND, String.join("; ", missing));
	}

	/**
	 * Why this JVM's data model is not the 64-bit one ({@code LP64}) the native calls are
	 * written for: the {@code siginfo_t} offsets (pid at 16, status at 24) and the
	 * {@code long} arguments of {@code prctl} and {@code syscall}. On a 32-bit JVM
	 * (armhf, i386) exact mode would never reap and exit statuses would be wrong.
	 */
	private static @Nullable String notLp64(Function<String, @Nullable String> properties) {
		String model = properties.apply("sun.arch.data.model");
		String arch = Objects.requireNonNullElse(properties.apply("os.arch"), "unknown").toLowerCase(Locale.ROOT);
		boolean thirtyTwo = "32".equals(model) || (!"64".equals(model) && THIRTY_TWO_BIT_ARCHES.contains(arch));
		if (!thirtyTwo) {
			return null;
		}
		return "a 32-bit JVM (os.arch " + arch + ", sun.arch.data.model " + model
				+ "): pid1's native calls are written for 64-bit Linux (siginfo_t offsets, long arguments)";
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
		UnsupportedPlatform unsupported = unsupported(System::getProperty, classLoader, backends);
		if (unsupported != null) {
			return unsupported;
		}
		List<UnsupportedPlatform> failures = new ArrayList<>();
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
		return new UnsupportedPlatform(failures.get(0).cause(),
				String.join("; ", failures.stream().map(UnsupportedPlatform::reason).toList()));
	}

	private static UnsupportedPlatform failure(Backend backend, Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		String message = String.valueOf(ex.getMessage());
		if (ex instanceof LinkageError && message.contains("failed to map segment")) {
			return new UnsupportedPlatform(Cause.NATIVE_LIBRARY,
					backend.name() + " could not load its native library: noexec temp dir (" + describe(ex) + ")");
		}
		if (ex instanceof LinkageError && message.contains("temporary")) {
			return new UnsupportedPlatform(Cause.NATIVE_LIBRARY, backend.name()
					+ " could not extract its native library: no writable temp dir (" + describe(ex) + ")");
		}
		if (ex instanceof LinkageError) {
			return new UnsupportedPlatform(Cause.NATIVE_LIBRARY,
					backend.name() + " could not load its native library (" + describe(ex) + ")");
		}
		if (ex instanceof Error) {
			return new UnsupportedPlatform(Cause.FAILED,
					backend.name() + "'s native library failed to load (" + describe(ex) + ")");
		}
		return new UnsupportedPlatform(Cause.FAILED, "the native platform failed to start (" + describe(ex) + ")");
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	/**
	 * The classes the native backends load by name, for ahead-of-time hints (a native
	 * image keeps only what is registered): each backend's {@link NativePlatform},
	 * created through its no-argument constructor, and the class whose presence says the
	 * backend may work.
	 * @return the class names, the platform classes first
	 */
	public static List<String> reflectiveClassNames() {
		return java.util.stream.Stream
			.concat(BACKENDS.stream().map(Backend::platformClass), BACKENDS.stream().map(Backend::requiredClass))
			.toList();
	}

	/**
	 * The classes of {@link #reflectiveClassNames()} that the backends create through
	 * their no-argument constructor.
	 * @return the platform class names
	 */
	public static List<String> platformClassNames() {
		return BACKENDS.stream().map(Backend::platformClass).toList();
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
