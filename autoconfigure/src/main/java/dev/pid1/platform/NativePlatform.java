package dev.pid1.platform;

import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * A {@link ProcessPlatform} that makes system calls. The Linux backend calls libc through
 * JNA ({@code dev.pid1.platform.linux}); another backend (the Java 22+ foreign function
 * API, without JNA) can implement the same interface, and {@link ProcessPlatforms} picks
 * the first that loads.
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

	@Override
	default Support support() {
		return Support.supported(description());
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
