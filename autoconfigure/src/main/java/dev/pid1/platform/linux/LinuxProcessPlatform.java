package dev.pid1.platform.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import com.sun.jna.LastErrorException;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ExitedChild;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.PlatformException;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.ReapAttempt;

/**
 * {@link NativePlatform} for Linux over libc, through JNA. The only package that touches
 * JNA; constructing this class loads it, so {@code ProcessPlatforms.load} calls it off
 * the main thread.
 *
 * @author pid1 authors
 */
public final class LinuxProcessPlatform implements NativePlatform {

	private static final int PROCESS_GONE = -1;

	private static final int NO_PIDFD = -2;

	private final ProcFs procFs = new ProcFs();

	private volatile boolean pidfd;

	public LinuxProcessPlatform() {
		LibC.getppid();
		this.pidfd = probePidfd();
	}

	private static boolean probePidfd() {
		try {
			int fd = (int) LibC.syscall(LibC.SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0);
			LibC.close(fd);
			return true;
		}
		catch (LastErrorException ex) {
			return false;
		}
	}

	@Override
	public String description() {
		return "Linux via JNA" + (this.pidfd ? ", pidfd" : ", no pidfd (kernel before 5.4)");
	}

	@Override
	public long parentPid() {
		return LibC.getppid();
	}

	@Override
	public boolean isSubreaper() {
		int[] result = new int[1];
		try {
			LibC.prctl(LibC.PR_GET_CHILD_SUBREAPER, result, 0, 0, 0);
		}
		catch (LastErrorException ex) {
			throw new PlatformException("prctl(PR_GET_CHILD_SUBREAPER) failed", ex.getErrorCode());
		}
		return result[0] != 0;
	}

	@Override
	public void setSubreaper(boolean subreaper) {
		try {
			LibC.prctl(LibC.PR_SET_CHILD_SUBREAPER, subreaper ? 1 : 0, 0, 0, 0);
		}
		catch (LastErrorException ex) {
			throw new PlatformException("prctl(PR_SET_CHILD_SUBREAPER) failed", ex.getErrorCode());
		}
	}

	@Override
	public boolean kill(long pid, int signal) {
		try {
			LibC.kill(Math.toIntExact(pid), signal);
			return true;
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ESRCH) {
				return false;
			}
			throw new PlatformException("kill(" + pid + ", " + signal + ") failed", ex.getErrorCode());
		}
	}

	@Override
	public Optional<ExitedChild> peekExitedChild() {
		byte[] info = new byte[LibC.SIGINFO_SIZE];
		try {
			LibC.waitid(LibC.P_ALL, 0, info, LibC.WEXITED | LibC.WNOHANG | LibC.WNOWAIT);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD) {
				return Optional.empty();
			}
			throw new PlatformException("waitid(P_ALL, WNOWAIT) failed", ex.getErrorCode());
		}
		return decode(info).map((status) -> new ExitedChild(intAt(info, LibC.SI_PID_OFFSET), status));
	}

	@Override
	public boolean awaitExitedChild() {
		byte[] info = new byte[LibC.SIGINFO_SIZE];
		try {
			LibC.waitid(LibC.P_ALL, 0, info, LibC.WEXITED | LibC.WNOWAIT);
			return intAt(info, LibC.SI_PID_OFFSET) != 0;
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD || ex.getErrorCode() == LibC.EINTR) {
				return false;
			}
			throw new PlatformException("waitid(P_ALL, WNOWAIT) failed", ex.getErrorCode());
		}
	}

	@Override
	public Optional<ExitStatus> reap(long pid, long startTime) {
		return Optional.ofNullable(reapIf(pid, (stat) -> stat.startTime() == startTime).status());
	}

	/** Pins the pid (a pidfd), reads its stat, judges it, reaps it: one stat per reap. */
	private ReapAttempt reapIf(long pid, Predicate<ProcessStat> judge) {
		if (this.pidfd) {
			int fd = openPidfd(pid);
			if (fd == PROCESS_GONE) {
				return ReapAttempt.NOT_EXITED;
			}
			if (fd == NO_PIDFD) {
				return reapIfByPid(pid, judge);
			}
			try {
				// The fd pins one process, and the pid stays its own until it is reaped:
				// this stat is of that process, unless someone else reaps it meanwhile,
				// in which case waitid on the fd finds nothing to reap.
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
				LibC.close(fd);
			}
		}
		return reapIfByPid(pid, judge);
	}

	@Override
	public ReapAttempt reapIfExited(long pid, LongPredicate judge) {
		if (!this.pidfd) {
			return reapIf(pid, (stat) -> judge.test(pid));
		}
		int fd = openPidfd(pid);
		if (fd == PROCESS_GONE) {
			return ReapAttempt.NOT_EXITED;
		}
		if (fd == NO_PIDFD) {
			return reapIf(pid, (stat) -> judge.test(pid));
		}
		try {
			byte[] info = new byte[LibC.SIGINFO_SIZE];
			try {
				LibC.waitid(LibC.P_PIDFD, fd, info, LibC.WEXITED | LibC.WNOHANG | LibC.WNOWAIT);
			}
			catch (LastErrorException ex) {
				if (ex.getErrorCode() == LibC.ECHILD) {
					// Not our child, or reaped meanwhile.
					return ReapAttempt.NOT_EXITED;
				}
				if (ex.getErrorCode() == LibC.EINVAL) {
					this.pidfd = false;
					return reapIf(pid, (stat) -> judge.test(pid));
				}
				throw new PlatformException("waitid(P_PIDFD, WNOWAIT) failed", ex.getErrorCode());
			}
			if (intAt(info, LibC.SI_PID_OFFSET) == 0) {
				return ReapAttempt.NOT_EXITED;
			}
			if (!judge.test(pid)) {
				return ReapAttempt.LEFT;
			}
			return waitPidfd(fd, pid, (stat) -> judge.test(pid));
		}
		finally {
			LibC.close(fd);
		}
	}

	private ReapAttempt waitPidfd(int fd, long pid, Predicate<ProcessStat> judge) {
		byte[] info = new byte[LibC.SIGINFO_SIZE];
		try {
			LibC.waitid(LibC.P_PIDFD, fd, info, LibC.WEXITED | LibC.WNOHANG);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD) {
				// Someone else reaped it first.
				return ReapAttempt.LEFT;
			}
			if (ex.getErrorCode() == LibC.EINVAL) {
				// Kernel 5.3 has pidfd_open but not P_PIDFD.
				this.pidfd = false;
				return reapIfByPid(pid, judge);
			}
			throw new PlatformException("waitid(P_PIDFD) failed", ex.getErrorCode());
		}
		return decode(info).map(ReapAttempt::reaped).orElse(ReapAttempt.LEFT);
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
		int[] status = new int[1];
		try {
			int reaped = LibC.waitpid(Math.toIntExact(pid), status, LibC.WNOHANG);
			return (reaped == pid) ? ReapAttempt.reaped(ExitStatus.fromWaitStatus(status[0])) : ReapAttempt.LEFT;
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD) {
				return ReapAttempt.LEFT;
			}
			throw new PlatformException("waitpid(" + pid + ") failed", ex.getErrorCode());
		}
	}

	/**
	 * Opens a pidfd for the process.
	 * @return the fd, {@link #PROCESS_GONE} when there is no such process, or
	 * {@link #NO_PIDFD} when this kernel turns out to have no pidfds (then remembered)
	 */
	private int openPidfd(long pid) {
		try {
			return (int) LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ESRCH) {
				return PROCESS_GONE;
			}
			if (ex.getErrorCode() != LibC.ENOSYS) {
				throw new PlatformException("pidfd_open(" + pid + ") failed", ex.getErrorCode());
			}
			this.pidfd = false;
			return NO_PIDFD;
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

	private static Optional<ExitStatus> decode(byte[] info) {
		int pid = intAt(info, LibC.SI_PID_OFFSET);
		if (pid == 0) {
			return Optional.empty();
		}
		int code = intAt(info, LibC.SI_CODE_OFFSET);
		int status = intAt(info, LibC.SI_STATUS_OFFSET);
		if (code == LibC.CLD_EXITED) {
			return Optional.of(ExitStatus.exited(status & 0xff));
		}
		return Optional.of(ExitStatus.signalled(status, code == LibC.CLD_DUMPED));
	}

	private static int intAt(byte[] buffer, int offset) {
		return ByteBuffer.wrap(Arrays.copyOfRange(buffer, offset, offset + 4)).order(ByteOrder.nativeOrder()).getInt();
	}

}
