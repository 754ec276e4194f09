package dev.pid1.platform;

/**
 * The platform where native calls cannot be made: off Linux, on a 32-bit JVM, without a
 * native backend (Java 17-21 without JNA), with native access denied, or when the native
 * part failed to load. It answers what pure Java can (pid, parent, {@code /proc}) and has
 * no native operation at all.
 *
 * @param cause why native support is missing, as a kind with its fix
 * @param reason why native support is missing, in one line
 * @param procFs the {@code /proc} reader
 * @author pid1 authors
 */
public record UnsupportedPlatform(Cause cause, String reason, ProcFs procFs) implements ProcessPlatform {

	/**
	 * Creates the platform over the real {@code /proc}.
	 * @param cause why native support is missing
	 * @param reason the same, in one line
	 */
	public UnsupportedPlatform(Cause cause, String reason) {
		this(cause, reason, new ProcFs());
	}

	/**
	 * Creates the platform over the real {@code /proc}, for a failure of no known kind.
	 * @param reason why native support is missing
	 */
	public UnsupportedPlatform(String reason) {
		this(Cause.FAILED, reason);
	}

	@Override
	public Support support() {
		return Support.unsupported(this.reason, this.cause.fix());
	}

	@Override
	public long parentPid() {
		return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
	}

	/**
	 * Why native support is missing, each with what to change.
	 */
	public enum Cause {

		/** Not Linux: pid1's native calls are Linux system calls. */
		NOT_LINUX("none: pid1 signals and reaps on Linux only"),

		/** A JVM whose data model is not LP64 (armhf, i386). */
		DATA_MODEL("run a 64-bit JVM (x86_64 or aarch64), or start this JVM under an init that reaps "
				+ "(`tini -- java ...`, `docker run --init`)"),

		/** No native backend: Java 17-21 without JNA on the class path. */
		NO_NATIVE_BACKEND("add net.java.dev.jna:jna to the application's class path (pid1-spring-boot-starter "
				+ "brings it; a custom build, a shaded jar or an exclusion may drop it), or run on Java 22+, where pid1 "
				+ "calls the kernel through the foreign function API without JNA"),

		/**
		 * JNA's native library could not be extracted or loaded: a {@code noexec} or
		 * read-only temp dir.
		 */
		NATIVE_LIBRARY("give JNA an exec-mountable directory for its native library and name it with "
				+ "-Djna.tmpdir (for instance JAVA_TOOL_OPTIONS=-Djna.tmpdir=/var/cache/jna): on Kubernetes an "
				+ "emptyDir volume mounted there, with Docker `--tmpfs /var/cache/jna:exec`; JNA also tries "
				+ "~/.cache/JNA/temp before java.io.tmpdir, so an exec-mountable, writable home works without it"),

		/**
		 * Native access is denied ({@code --illegal-native-access=deny} on Java 22+,
		 * without native access enabled for pid1) and no other backend loaded.
		 */
		NATIVE_ACCESS("enable native access for pid1: add the manifest entry `Enable-Native-Access: ALL-UNNAMED` "
				+ "to the executable jar (java -jar), or pass --enable-native-access=ALL-UNNAMED (a flag, or in "
				+ "JAVA_TOOL_OPTIONS, for a class path launch)"),

		/** The native platform did not load in time (a starved machine). */
		NOT_LOADED("give the container more CPU: the native platform loads on a background thread"),

		/** Any other failure of the native part. */
		FAILED("start this JVM under an init that reaps (`tini -- java ...`, `docker run --init`) until the "
				+ "failure is fixed");

		private final String fix;

		Cause(String fix) {
			this.fix = fix;
		}

		/**
		 * What to change to get native support (or, where that is not possible, to get
		 * zombies reaped anyway).
		 * @return the fix
		 */
		public String fix() {
			return this.fix;
		}

	}

}
