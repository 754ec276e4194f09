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
 * Chooses the {@link ProcessPlatform} for this JVM: {@link LinuxPlatform} over the first
 * native backend that loads, else an {@link UnsupportedPlatform} that says why none did.
 * Deciding whether a backend could work is cheap and loads nothing native;
 * {@link #load(ClassLoader, NativeBackendMode)} is what loads one (JNA: native extraction
 * and an {@code ldconfig} spawn), so callers keep it off the main thread.
 * <p>
 * The backends, in order: the foreign function API on Java 22+ (x86_64 and aarch64), then
 * JNA. The FFM classes are compiled for Java 22 (class file version 66): they are never
 * loaded before {@code Runtime.version()} says 22+.
 *
 * @author pid1 authors
 */
public final class ProcessPlatforms {

	static final Backend FFM = new Backend("FFM", NativeBackend.FFM, "dev.pid1.platform.ffm.FfmSyscalls",
			"dev.pid1.platform.ffm.FfmSyscalls", 22,
			"the FFM backend is not in this build of pid1 (it was built without a JDK 22+)");

	static final Backend JNA = new Backend("JNA", NativeBackend.JNA, "dev.pid1.platform.jna.JnaSyscalls",
			"com.sun.jna.Native", 17,
			"JNA is not on the classpath (add net.java.dev.jna:jna, which pid1-spring-boot-starter brings)");

	/**
	 * {@code os.arch} of 32-bit JVMs, for when {@code sun.arch.data.model} is missing.
	 */
	private static final Set<String> THIRTY_TWO_BIT_ARCHES = Set.of("x86", "i386", "i486", "i586", "i686", "arm",
			"armhf", "armel", "armv7l", "aarch32", "ppc", "mips", "mipsel", "s390", "sparc");

	/** {@code os.arch} values whose ABI the FFM backend's layouts are written for. */
	private static final Set<String> FFM_ARCHES = Set.of("amd64", "x86_64", "aarch64");

	private ProcessPlatforms() {
	}

	/**
	 * The backends a mode allows, in the order they are tried.
	 * @param mode the mode
	 * @return the backends
	 */
	static List<Backend> backends(NativeBackendMode mode) {
		return switch (mode) {
			case AUTO -> List.of(FFM, JNA);
			case FFM -> List.of(FFM);
			case JNA -> List.of(JNA);
		};
	}

	/**
	 * Why native support cannot work here, decided without loading anything native.
	 * @param classLoader the class loader that would load a backend
	 * @return the reason, or {@code null} when a native platform may be loaded
	 */
	public static @Nullable String unsupportedReason(ClassLoader classLoader) {
		UnsupportedPlatform unsupported = unsupported(classLoader, NativeBackendMode.AUTO);
		return (unsupported != null) ? unsupported.reason() : null;
	}

	/**
	 * The inert platform, when native support cannot work here: decided from this JVM's
	 * system properties and the class path, without loading anything native.
	 * @param classLoader the class loader that would load a backend
	 * @param mode the backends allowed
	 * @return the inert platform, or {@code null} when a native platform may be loaded
	 */
	public static @Nullable UnsupportedPlatform unsupported(ClassLoader classLoader, NativeBackendMode mode) {
		return unsupported(System::getProperty, classLoader, backends(mode));
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
			String unavailable = backend.unavailable(properties, classLoader);
			if (unavailable == null) {
				return null;
			}
			// The last resort first: "JNA is not on the classpath; Java 17: FFM needs
			// 22+".
			missing.add(0, unavailable);
		}
		return new UnsupportedPlatform(Cause.NO_NATIVE_BACKEND, String.join("; ", missing));
	}

	/**
	 * Why this JVM's data model is not the 64-bit one ({@code LP64}) the native calls are
	 * written for: the {@code siginfo_t} layout and the {@code long} arguments of
	 * {@code prctl} and {@code syscall}. On a 32-bit JVM (armhf, i386) exact mode would
	 * never reap and exit statuses would be wrong.
	 */
	private static @Nullable String notLp64(Function<String, @Nullable String> properties) {
		String model = properties.apply("sun.arch.data.model");
		String arch = arch(properties);
		boolean thirtyTwo = "32".equals(model) || (!"64".equals(model) && THIRTY_TWO_BIT_ARCHES.contains(arch));
		if (!thirtyTwo) {
			return null;
		}
		return "a 32-bit JVM (os.arch " + arch + ", sun.arch.data.model " + model
				+ "): pid1's native calls are written for 64-bit Linux (siginfo_t offsets, long arguments)";
	}

	private static String arch(Function<String, @Nullable String> properties) {
		return Objects.requireNonNullElse(properties.apply("os.arch"), "unknown").toLowerCase(Locale.ROOT);
	}

	private static int javaFeature(Function<String, @Nullable String> properties) {
		String version = Objects.requireNonNullElse(properties.apply("java.specification.version"), "17");
		try {
			return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
		}
		catch (NumberFormatException ex) {
			return Runtime.version().feature();
		}
	}

	/**
	 * Loads the platform over the first backend of the mode that can work here and loads,
	 * else an unsupported platform that says why. Never throws: a backend that fails to
	 * load ({@link UnsatisfiedLinkError}, {@link IllegalCallerException} when native
	 * access is denied, and the like) degrades to the next, then to unsupported.
	 * @param classLoader the class loader to load the backend with
	 * @param mode the backends allowed
	 * @return the platform
	 */
	public static ProcessPlatform load(ClassLoader classLoader, NativeBackendMode mode) {
		return load(System::getProperty, classLoader, backends(mode), mode != NativeBackendMode.AUTO);
	}

	static ProcessPlatform load(ClassLoader classLoader, List<Backend> backends) {
		return load(System::getProperty, classLoader, backends, false);
	}

	static ProcessPlatform load(Function<String, @Nullable String> properties, ClassLoader classLoader,
			List<Backend> backends, boolean forced) {
		UnsupportedPlatform unsupported = unsupported(properties, classLoader, backends);
		if (unsupported != null) {
			return unsupported;
		}
		List<String> passedOver = new ArrayList<>();
		List<UnsupportedPlatform> failures = new ArrayList<>();
		for (Backend backend : backends) {
			String unavailable = backend.unavailable(properties, classLoader);
			if (unavailable != null) {
				passedOver.add(unavailable);
				continue;
			}
			try {
				Class<?> type = Class.forName(backend.syscallsClass(), true, classLoader);
				LinuxSyscalls calls = (LinuxSyscalls) type.getDeclaredConstructor().newInstance();
				String choice = passedOver.isEmpty() ? "Java " + javaFeature(properties)
						: String.join("; ", passedOver);
				return new LinuxPlatform(calls, backend.kind(), forced
						? choice + ", pid1.native.backend=" + backend.kind().name().toLowerCase(Locale.ROOT) : choice);
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
			passedOver.add(failures.get(failures.size() - 1).reason());
		}
		Cause cause = failures.stream()
			.map(UnsupportedPlatform::cause)
			.filter((c) -> c == Cause.NATIVE_ACCESS)
			.findFirst()
			.orElse(failures.get(0).cause());
		return new UnsupportedPlatform(cause,
				String.join("; ", failures.stream().map(UnsupportedPlatform::reason).toList()));
	}

	private static UnsupportedPlatform failure(Backend backend, Throwable ex) {
		if (ex instanceof VirtualMachineError error) {
			throw error;
		}
		if (ex instanceof ExceptionInInitializerError && ex.getCause() != null) {
			return failure(backend, ex.getCause());
		}
		String message = String.valueOf(ex.getMessage());
		if (ex instanceof IllegalCallerException) {
			return new UnsupportedPlatform(Cause.NATIVE_ACCESS,
					backend.name() + " may not call native code: native access is denied (" + describe(ex) + ")");
		}
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
		return new UnsupportedPlatform(Cause.FAILED,
				"the " + backend.name() + " backend failed to start (" + describe(ex) + ")");
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	/**
	 * A native backend.
	 *
	 * @param name its name in messages
	 * @param kind which backend
	 * @param syscallsClass its {@link LinuxSyscalls}, with a public no-argument
	 * constructor that binds the calls
	 * @param requiredClass a class whose presence says the backend may work
	 * @param minimumJava the first Java it runs on
	 * @param missing what to say when that class is missing
	 */
	record Backend(String name, NativeBackend kind, String syscallsClass, String requiredClass, int minimumJava,
			String missing) {

		/**
		 * A backend for any Java, bound like JNA's (for tests).
		 */
		Backend(String name, String syscallsClass, String requiredClass, String missing) {
			this(name, NativeBackend.JNA, syscallsClass, requiredClass, 17, missing);
		}

		/**
		 * Why this backend cannot work here, without loading it.
		 * @return the reason, or {@code null} when it may
		 */
		@Nullable String unavailable(Function<String, @Nullable String> properties, ClassLoader classLoader) {
			int java = javaFeature(properties);
			if (java < this.minimumJava) {
				// Checked first: a class file of Java 22 must never be looked at on
				// 17-21.
				return "Java " + java + ": " + this.name + " needs " + this.minimumJava + "+";
			}
			if (this.kind == NativeBackend.FFM && !FFM_ARCHES.contains(arch(properties))) {
				return "FFM: os.arch " + arch(properties) + " is not supported (x86_64 and aarch64 only)";
			}
			try {
				Class.forName(this.requiredClass, false, classLoader);
				return null;
			}
			catch (ClassNotFoundException | LinkageError ex) {
				return this.missing;
			}
		}

	}

}
