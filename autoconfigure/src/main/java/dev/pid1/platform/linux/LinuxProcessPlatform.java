package dev.pid1.platform.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

import com.sun.jna.LastErrorException;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ExitedChild;
import dev.pid1.platform.PlatformException;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.platform.ProcessStat;

/**
 * {@link ProcessPlatform} for Linux over libc, through JNA. The only package that touches
 * JNA; constructing this class loads it, so {@code ProcessPlatforms.load} calls it off
 * the main thread.
 *
 * @author pid1 authors
 */
public final class LinuxProcessPlatform implements ProcessPlatform {

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
	public Support support() {
		return Support.supported("Linux via JNA" + (this.pidfd ? ", pidfd" : ", no pidfd (kernel before 5.4)"));
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
		if (this.pidfd) {
			int fd;
			try {
				fd = (int) LibC.syscall(LibC.SYS_PIDFD_OPEN, pid, 0);
			}
			catch (LastErrorException ex) {
				if (ex.getErrorCode() == LibC.ESRCH) {
					return Optional.empty();
				}
				if (ex.getErrorCode() != LibC.ENOSYS) {
					throw new PlatformException("pidfd_open(" + pid + ") failed", ex.getErrorCode());
				}
				this.pidfd = false;
				return reapByPid(pid, startTime);
			}
			try {
				// The fd now pins one process; check it is the one that was judged.
				if (!isSameZombie(pid, startTime)) {
					return Optional.empty();
				}
				return waitPidfd(fd, pid, startTime);
			}
			finally {
				LibC.close(fd);
			}
		}
		return reapByPid(pid, startTime);
	}

	private Optional<ExitStatus> waitPidfd(int fd, long pid, long startTime) {
		byte[] info = new byte[LibC.SIGINFO_SIZE];
		try {
			LibC.waitid(LibC.P_PIDFD, fd, info, LibC.WEXITED | LibC.WNOHANG);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD) {
				return Optional.empty();
			}
			if (ex.getErrorCode() == LibC.EINVAL) {
				// Kernel 5.3 has pidfd_open but not P_PIDFD.
				this.pidfd = false;
				return reapByPid(pid, startTime);
			}
			throw new PlatformException("waitid(P_PIDFD) failed", ex.getErrorCode());
		}
		return decode(info);
	}

	private Optional<ExitStatus> reapByPid(long pid, long startTime) {
		if (!isSameZombie(pid, startTime)) {
			return Optional.empty();
		}
		int[] status = new int[1];
		try {
			int reaped = LibC.waitpid(Math.toIntExact(pid), status, LibC.WNOHANG);
			return (reaped == pid) ? Optional.of(ExitStatus.fromWaitStatus(status[0])) : Optional.empty();
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == LibC.ECHILD) {
				return Optional.empty();
			}
			throw new PlatformException("waitpid(" + pid + ") failed", ex.getErrorCode());
		}
	}

	private boolean isSameZombie(long pid, long startTime) {
		Optional<ProcessStat> stat = this.procFs.stat(pid);
		return stat.isPresent() && stat.get().isZombie() && stat.get().startTime() == startTime;
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
