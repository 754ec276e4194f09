package dev.pid1.platform;

import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import static dev.pid1.platform.LinuxSyscalls.ECHILD;
import static dev.pid1.platform.LinuxSyscalls.EINTR;
import static dev.pid1.platform.LinuxSyscalls.EINVAL;
import static dev.pid1.platform.LinuxSyscalls.ENOSYS;
import static dev.pid1.platform.LinuxSyscalls.ESRCH;
import static dev.pid1.platform.LinuxSyscalls.PR_SET_CHILD_SUBREAPER;
import static dev.pid1.platform.LinuxSyscalls.P_ALL;
import static dev.pid1.platform.LinuxSyscalls.P_PIDFD;
import static dev.pid1.platform.LinuxSyscalls.WEXITED;
import static dev.pid1.platform.LinuxSyscalls.WNOHANG;
import static dev.pid1.platform.LinuxSyscalls.WNOWAIT;

/**
 * The Linux {@link NativePlatform}, written once over the {@link LinuxSyscalls} each
 * backend binds its own way (the foreign function API on Java 22+, JNA). Pid reuse is
 * closed with pidfds where the kernel has them ({@code pidfd_open}, Linux 5.3;
 * {@code waitid(P_PIDFD)}, 5.4; {@code pidfd_send_signal}, 5.1): a process is pinned,
 * checked, then reaped or signalled through the pin.
 *
 * @author pid1 authors
 */
public final class LinuxPlatform implements NativePlatform {

	private static final int PROCESS_GONE = -1;

	private static final int NO_PIDFD = -2;

	private final ProcFs procFs = new ProcFs();

	private final LinuxSyscalls calls;

	private final NativeBackend backend;

	private final String choice;

	private volatile boolean pidfd;

	/**
	 * Creates the platform: makes a first call (calls that cannot be made fail here, on
	 * the loader thread) and learns whether this kernel has pidfds.
	 * @param calls the system calls
	 * @param backend which backend binds them
	 * @param choice why that backend runs, for example {@code Java 25}
	 */
	public LinuxPlatform(LinuxSyscalls calls, NativeBackend backend, String choice) {
		this.calls = calls;
		this.backend = backend;
		this.choice = choice;
		calls.getppid();
		int fd = calls.pidfdOpen(ProcessHandle.current().pid());
		if (fd >= 0) {
			calls.close(fd);
		}
		this.pidfd = fd >= 0;
	}

	@Override
	public NativeBackend backend() {
		return this.backend;
	}

	@Override
	public String description() {
		return this.backend + " (" + this.choice + ")" + (this.pidfd ? ", pidfd" : ", no pidfd (kernel before 5.4)");
	}

	@Override
	public String choice() {
		return this.choice;
	}

	@Override
	public @Nullable String fix() {
		return this.calls.fix();
	}

	@Override
	public long parentPid() {
		return this.calls.getppid();
	}

	@Override
	public boolean isSubreaper() {
		int flag = this.calls.getChildSubreaper();
		failOnError(flag, "prctl(PR_GET_CHILD_SUBREAPER)");
		return flag != 0;
	}

	@Override
	public void setSubreaper(boolean subreaper) {
		int result = this.calls.prctl(PR_SET_CHILD_SUBREAPER, subreaper ? 1 : 0);
		failOnError(result, "prctl(PR_SET_CHILD_SUBREAPER)");
	}

	@Override
	public boolean kill(long pid, int signal) {
		int result = this.calls.kill(Math.toIntExact(pid), signal);
		if (result == -ESRCH) {
			return false;
		}
		failOnError(result, "kill(" + pid + ", " + signal + ")");
		return true;
	}

	@Override
	public boolean signal(long pid, long startTime, int signal) {
		int fd = this.pidfd ? this.calls.pidfdOpen(pid) : -ENOSYS;
		if (fd == -ESRCH) {
			return false;
		}
		if (fd < 0) {
			return NativePlatform.super.signal(pid, startTime, signal);
		}
		try {
			// The fd pins whatever process had the pid when it was opened; if that pid
			// still shows this start time, the pinned process is this one.
			Optional<ProcessStat> stat = this.procFs.stat(pid);
			if (stat.isEmpty() || stat.get().startTime() != startTime || stat.get().isZombie()) {
				return false;
			}
			int result = this.calls.pidfdSendSignal(fd, signal);
			if (result == -ESRCH) {
				return false;
			}
			failOnError(result, "pidfd_send_signal(" + pid + ", " + signal + ")");
			return true;
		}
		finally {
			this.calls.close(fd);
		}
	}

	@Override
	public Optional<ExitedChild> peekExitedChild() {
		long result = this.calls.waitid(P_ALL, 0, WEXITED | WNOHANG | WNOWAIT);
		if (result == -ECHILD) {
			return Optional.empty();
		}
		failOnError(result, "waitid(P_ALL, WNOWAIT)");
		int pid = LinuxSyscalls.waitidPid(result);
		return (pid != 0) ? Optional.of(new ExitedChild(pid, LinuxSyscalls.waitidStatus(result))) : Optional.empty();
	}

	@Override
	public boolean awaitExitedChild() {
		long result = this.calls.waitid(P_ALL, 0, WEXITED | WNOWAIT);
		if (result == -ECHILD || result == -EINTR) {
			return false;
		}
		failOnError(result, "waitid(P_ALL, WNOWAIT)");
		return LinuxSyscalls.waitidPid(result) != 0;
	}

	@Override
	public Optional<ExitStatus> reap(long pid, long startTime) {
		return Optional.ofNullable(reapIf(pid, (stat) -> stat.startTime() == startTime).status());
	}

	/** Pins the pid (a pidfd), reads its stat, judges it, reaps it: one stat per reap. */
	private ReapAttempt reapIf(long pid, Predicate<ProcessStat> judge) {
		int fd = this.pidfd ? openPidfd(pid) : NO_PIDFD;
		if (fd == PROCESS_GONE) {
			return ReapAttempt.NOT_EXITED;
		}
		if (fd == NO_PIDFD) {
			return reapIfByPid(pid, judge);
		}
		try {
			// The fd pins one process, and the pid stays its own until it is reaped: this
			// stat is of that process, unless someone else reaps it meanwhile, in which
			// case waitid on the fd finds nothing to reap.
			Optional<ProcessStat> stat = this.procFs.stat(pid);
			if (stat.isEmpty()) {
				return ReapAttempt.NOT_EXITED;
			}
			if (!stat.get().isZombie() || !judge.test(stat.get())) {
				return stat.get().isZombie() ? ReapAttempt.LEFT : ReapAttempt.NOT_EXITED;
			}
			return waitPidfd(fd, pid, judge);
		}
		finally {
			this.calls.close(fd);
		}
	}

	@Override
	public ReapAttempt reapIfExited(long pid, LongPredicate judge) {
		int fd = this.pidfd ? openPidfd(pid) : NO_PIDFD;
		if (fd == PROCESS_GONE) {
			return ReapAttempt.NOT_EXITED;
		}
		if (fd == NO_PIDFD) {
			return reapIf(pid, (stat) -> judge.test(pid));
		}
		try {
			long result = this.calls.waitid(P_PIDFD, fd, WEXITED | WNOHANG | WNOWAIT);
			if (result == -ECHILD) {
				// Not our child, or reaped meanwhile.
				return ReapAttempt.NOT_EXITED;
			}
			if (result == -EINVAL) {
				this.pidfd = false;
				return reapIf(pid, (stat) -> judge.test(pid));
			}
			failOnError(result, "waitid(P_PIDFD, WNOWAIT)");
			if (LinuxSyscalls.waitidPid(result) == 0) {
				return ReapAttempt.NOT_EXITED;
			}
			if (!judge.test(pid)) {
				return ReapAttempt.LEFT;
			}
			return waitPidfd(fd, pid, (stat) -> judge.test(pid));
		}
		finally {
			this.calls.close(fd);
		}
	}

	private ReapAttempt waitPidfd(int fd, long pid, Predicate<ProcessStat> judge) {
		long result = this.calls.waitid(P_PIDFD, fd, WEXITED | WNOHANG);
		if (result == -ECHILD) {
			// Someone else reaped it first.
			return ReapAttempt.LEFT;
		}
		if (result == -EINVAL) {
			// Kernel 5.3 has pidfd_open but not P_PIDFD.
			this.pidfd = false;
			return reapIfByPid(pid, judge);
		}
		failOnError(result, "waitid(P_PIDFD)");
		return (LinuxSyscalls.waitidPid(result) != 0) ? ReapAttempt.reaped(LinuxSyscalls.waitidStatus(result))
				: ReapAttempt.LEFT;
	}

	/**
	 * Without pidfd (kernels before 5.4): stat, judge, then reap by pid. The pid could be
	 * reaped by someone else and reused between the two; only a pidfd closes that gap.
	 */
	private ReapAttempt reapIfByPid(long pid, Predicate<ProcessStat> judge) {
		Optional<ProcessStat> stat = this.procFs.stat(pid);
		if (stat.isEmpty()) {
			return ReapAttempt.NOT_EXITED;
		}
		if (!stat.get().isZombie() || !judge.test(stat.get())) {
			return stat.get().isZombie() ? ReapAttempt.LEFT : ReapAttempt.NOT_EXITED;
		}
		long result = this.calls.waitpid(Math.toIntExact(pid), WNOHANG);
		if (result == -ECHILD) {
			return ReapAttempt.LEFT;
		}
		failOnError(result, "waitpid(" + pid + ")");
		return ((result >>> 32) == pid) ? ReapAttempt.reaped(ExitStatus.fromWaitStatus((int) result))
				: ReapAttempt.LEFT;
	}

	/**
	 * Opens a pidfd for the process.
	 * @return the fd, {@link #PROCESS_GONE} when there is no such process, or
	 * {@link #NO_PIDFD} when this kernel turns out to have no pidfds (then remembered)
	 */
	private int openPidfd(long pid) {
		int fd = this.calls.pidfdOpen(pid);
		if (fd >= 0) {
			return fd;
		}
		if (fd == -ESRCH) {
			return PROCESS_GONE;
		}
		if (fd != -ENOSYS) {
			throw new PlatformException("pidfd_open(" + pid + ") failed", -fd);
		}
		this.pidfd = false;
		return NO_PIDFD;
	}

	private static void failOnError(long result, String call) {
		if (result < 0) {
			throw new PlatformException(call + " failed", (int) -result);
		}
	}

	@Override
	public boolean hasPidfd() {
		return this.pidfd;
	}

	@Override
	public ProcFs procFs() {
		return this.procFs;
	}

}
