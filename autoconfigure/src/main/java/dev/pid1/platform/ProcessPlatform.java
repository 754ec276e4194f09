package dev.pid1.platform;

import org.jspecify.annotations.Nullable;

/**
 * What pid1 learns about this process from the operating system, in OS-neutral terms.
 * Either a {@link NativePlatform}, which makes system calls (signals, the subreaper flag,
 * waiting for and reaping children), or an {@link UnsupportedPlatform} that says why it
 * cannot (off Linux, without a native backend, or when the native part failed to load).
 * Code that needs system calls gets them only from a {@link NativePlatform}, so there is
 * no call that throws because support is missing.
 * <p>
 * What pure Java can answer (pid, parent, {@code /proc}) is answered by both.
 *
 * @author pid1 authors
 */
public sealed interface ProcessPlatform permits NativePlatform, UnsupportedPlatform {

	/**
	 * Whether native operations are available, and why not when they are not: for
	 * reports. To make native calls, test for {@link NativePlatform} instead.
	 * @return the support status
	 */
	Support support();

	/**
	 * The pid of this process in its own PID namespace.
	 * @return the pid
	 */
	default long pid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * The pid of the parent process, {@code 0} when the parent lies outside this PID
	 * namespace (as for PID 1).
	 * @return the parent pid
	 */
	long parentPid();

	/**
	 * Reads {@code /proc}. Pure Java: available without native support too, where it
	 * finds nothing off Linux.
	 * @return the /proc reader
	 */
	ProcFs procFs();

	/**
	 * Whether native operations are available, and through which backend.
	 *
	 * @param supported whether native operations work
	 * @param reason why not, or a short description of the implementation when they do
	 * @param fix what to change to get them, {@code null} when they work (or when nothing
	 * is known); when they work, a change that removes a warning (native access not
	 * enabled on Java 22+)
	 * @param backend the backend that makes the calls, {@link NativeBackend#NONE} when
	 * none does
	 * @param choice why that backend runs, for example {@code Java 25} or
	 * {@code Java 21: FFM needs 22+}; why none does for {@link NativeBackend#NONE}
	 */
	record Support(boolean supported, String reason, @Nullable String fix, NativeBackend backend, String choice) {

		public Support(boolean supported, String reason, @Nullable String fix) {
			this(supported, reason, fix, NativeBackend.NONE, reason);
		}

		public Support(boolean supported, String reason) {
			this(supported, reason, null);
		}

		public static Support supported(String description) {
			return new Support(true, description, null);
		}

		public static Support unsupported(String reason) {
			return new Support(false, reason, null);
		}

		public static Support unsupported(String reason, String fix) {
			return new Support(false, reason, fix);
		}

	}

}
