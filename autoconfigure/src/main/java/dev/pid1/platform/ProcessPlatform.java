package dev.pid1.platform;

import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * What pid1 needs from the operating system, in OS-neutral terms. The Linux
 * implementation calls libc through JNA; {@link InertProcessPlatform} stands in on other
 * systems, without JNA, or when the native part fails to load.
 * <p>
 * Implementations are thread-safe. Methods that need native code throw
 * {@link UnsupportedOperationException} on an inert platform; check {@link #support()}
 * first.
 *
 * @author pid1 authors
 */
public interface ProcessPlatform {

	/**
	 * Whether native operations are available, and why not when they are not.
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
	 * Whether this process is PID 1 of its PID namespace, and so receives only the
	 * signals it handles and inherits every orphan.
	 * @return whether this process is PID 1
	 */
	default boolean isInit() {
		return pid() == 1;
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
	 * Reaps the process that has this pid if it is a zombie the judge accepts. The pid is
	 * pinned first (a pidfd where the kernel has one) and only then is its stat read, so
	 * the judge sees exactly the process that is reaped: one stat read per reap, and pid
	 * reuse can never make it reap another.
	 * @param pid the pid
	 * @param judge decides, from the zombie's stat, whether it may be reaped; not called
	 * for a process that is not a zombie
	 * @return the stat read and, when reaped, the exit status
	 */
	ReapAttempt reapIf(long pid, Predicate<ProcessStat> judge);

	/**
	 * Reaps this child if it has exited and the judge accepts its pid, without reading
	 * {@code /proc}: the pid is pinned with a pidfd, looked at
	 * ({@code waitid(P_PIDFD, WNOWAIT)}) and only then reaped, so pid reuse can never
	 * make it reap another. The cheapest way to drain a storm of exits. Without pidfd it
	 * does what {@link #reapIf} does.
	 * @param pid the pid of a child
	 * @param judge decides, for an exited child, whether it may be reaped; while it runs
	 * the pid is pinned, so {@code /proc/<pid>} still describes that child
	 * @return whether it had exited, and the exit status when it was reaped ({@code stat}
	 * is {@code null} through a pidfd)
	 */
	ReapAttempt reapIfExited(long pid, LongPredicate judge);

	/**
	 * Whether {@link #reap} goes through a pidfd on this kernel.
	 * @return whether pid-reuse-proof reaping is available
	 */
	boolean hasPidfd();

	/**
	 * Reads {@code /proc}. Pure Java: available on an inert platform too, where it finds
	 * nothing off Linux.
	 * @return the /proc reader
	 */
	ProcFs procFs();

	/**
	 * Whether native operations are available.
	 *
	 * @param supported whether native operations work
	 * @param reason why not, or a short description of the implementation when they do
	 */
	record Support(boolean supported, String reason) {

		public static Support supported(String description) {
			return new Support(true, description);
		}

		public static Support unsupported(String reason) {
			return new Support(false, reason);
		}

	}

}
