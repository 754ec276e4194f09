package dev.pid1.platform;

import java.util.Optional;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ProcessPlatform} that makes system calls: {@link LinuxPlatform}, over calls
 * bound by the foreign function API on Java 22+ ({@code dev.pid1.platform.ffm}) or by JNA
 * ({@code dev.pid1.platform.jna}); {@link ProcessPlatforms} picks the first that loads.
 * <p>
 * Implementations are thread-safe.
 *
 * @author pid1 authors
 */
public non-sealed interface NativePlatform extends ProcessPlatform {

	/**
	 * A short description of the backend, for the startup line and the endpoint.
	 * @return the description
	 */
	String description();

	/**
	 * The backend that makes the calls.
	 * @return the backend
	 */
	NativeBackend backend();

	/**
	 * Why this backend runs, for example {@code Java 25} or
	 * {@code Java 21: FFM needs 22+}.
	 * @return the reason
	 */
	String choice();

	/**
	 * A change that would remove a warning of this backend (native access not enabled).
	 * @return the change, or {@code null}
	 */
	default @Nullable String fix() {
		return null;
	}

	@Override
	default Support support() {
		return new Support(true, description(), fix(), backend(), choice());
	}

	/**
	 * Whether this process is a child subreaper ({@code PR_GET_CHILD_SUBREAPER}).
	 * @return whether orphans in this process's subtree are re-parented to it
	 */
	boolean isSubreaper();

	/**
	 * Marks or unmarks this process as a child subreaper
	 * ({@code PR_SET_CHILD_SUBREAPER}).
	 * @param subreaper whether to become a subreaper
	 * @throws PlatformException if the kernel refuses
	 */
	void setSubreaper(boolean subreaper);

	/**
	 * Sends a signal to a process, or to a process group when {@code pid} is negative.
	 * @param pid the target
	 * @param signal the signal number (see {@link Signals})
	 * @return {@code false} if no such process exists any more
	 * @throws PlatformException on any other failure
	 */
	boolean kill(long pid, int signal);

	/**
	 * Sends a signal to exactly the process with this pid and start time, never to a
	 * process that reused the pid. This default checks the start time, then signals by
	 * pid, which leaves a window in which the pid could be reaped and reused; a platform
	 * with pidfds closes it ({@code pidfd_open}, check, {@code pidfd_send_signal}).
	 * @param pid the pid
	 * @param startTime its start time in clock ticks since boot, as read before
	 * @param signal the signal number
	 * @return {@code false} if that process is gone (or a zombie)
	 * @throws PlatformException on any other failure
	 */
	default boolean signal(long pid, long startTime, int signal) {
		Optional<ProcessStat> now = procFs().stat(pid);
		if (now.isEmpty() || now.get().startTime() != startTime || now.get().isZombie()) {
			return false;
		}
		return kill(pid, signal);
	}

	/**
	 * Looks at one child that has exited without reaping it
	 * ({@code waitid(P_ALL, 0, WEXITED | WNOHANG | WNOWAIT)}): the zombie stays in place.
	 * @return an exited child, or empty if there is none (or no child at all)
	 */
	Optional<ExitedChild> peekExitedChild();

	/**
	 * Blocks until a child has exited, without reaping it
	 * ({@code waitid(P_ALL, 0, WEXITED | WNOWAIT)}). Lets a reaper sleep in the kernel,
	 * with no wake-up at all, until there is something to reap; it returns at once while
	 * an exited child is still waiting to be reaped.
	 * @return {@code true} when an exited child waits to be reaped, {@code false} when
	 * this process has no child at all or the wait was interrupted
	 */
	boolean awaitExitedChild();

	/**
	 * Reaps exactly the given zombie: the one with this pid <em>and</em> this start time.
	 * Through a pidfd where the kernel has one ({@code pidfd_open} and
	 * {@code waitid(P_PIDFD)}), so that a reused pid can never be reaped in its place.
	 * @param pid the pid of the zombie
	 * @param startTime its start time in clock ticks since boot ({@code /proc/<pid>/stat}
	 * field 22), as seen when it was judged
	 * @return the exit status, or empty if that process is no longer a zombie to be
	 * reaped by this process (someone else reaped it, or the pid now names another
	 * process)
	 */
	Optional<ExitStatus> reap(long pid, long startTime);

	/**
	 * Reaps this child if it has exited and the judge accepts its pid, without reading
	 * {@code /proc}: the pid is pinned with a pidfd, looked at
	 * ({@code waitid(P_PIDFD, WNOWAIT)}) and only then reaped, so pid reuse can never
	 * make it reap another. The cheapest way to drain a storm of exits. Without pidfd the
	 * process's stat is read, judged and the pid reaped.
	 * @param pid the pid of a child
	 * @param judge decides, for an exited child, whether it may be reaped; while it runs
	 * the pid is pinned, so {@code /proc/<pid>} still describes that child
	 * @return whether it had exited, and the exit status when it was reaped
	 */
	ReapAttempt reapIfExited(long pid, LongPredicate judge);

	/**
	 * Whether reaping goes through a pidfd on this kernel.
	 * @return whether pid-reuse-proof reaping is available
	 */
	boolean hasPidfd();

}
