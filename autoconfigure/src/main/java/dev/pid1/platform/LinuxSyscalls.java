package dev.pid1.platform;

import org.jspecify.annotations.Nullable;

/**
 * The handful of Linux system calls {@link LinuxPlatform} is written over, each backend
 * binding them its own way: JNA on any Java ({@code dev.pid1.platform.jna}), the foreign
 * function API on Java 22+ ({@code dev.pid1.platform.ffm}). Each returns what the kernel
 * returns, a failure as {@code -errno}, so that the reaping loop allocates nothing and
 * throws nothing on the expected failures ({@code ECHILD}, {@code ESRCH}).
 * <p>
 * An implementation has a public no-argument constructor that binds the calls (and fails,
 * rather than returning a half-bound object, when it cannot), and is thread-safe.
 *
 * @author pid1 authors
 */
public interface LinuxSyscalls {

	int PR_SET_CHILD_SUBREAPER = 36;

	int PR_GET_CHILD_SUBREAPER = 37;

	int P_ALL = 0;

	int P_PIDFD = 3;

	int WNOHANG = 1;

	int WEXITED = 4;

	int WNOWAIT = 0x01000000;

	int ESRCH = 3;

	int EINTR = 4;

	int ECHILD = 10;

	int EINVAL = 22;

	int ENOSYS = 38;

	long SYS_PIDFD_SEND_SIGNAL = 424;

	long SYS_PIDFD_OPEN = 434;

	/** {@code getppid()}. @return the parent pid */
	int getppid();

	/**
	 * {@code prctl(option, arg2, 0, 0, 0)}.
	 * @param option the option
	 * @param arg2 its argument
	 * @return the result, or {@code -errno}
	 */
	int prctl(int option, long arg2);

	/**
	 * {@code prctl(PR_GET_CHILD_SUBREAPER, &flag)}.
	 * @return the flag, or {@code -errno}
	 */
	int getChildSubreaper();

	/**
	 * {@code kill(pid, signal)}.
	 * @param pid the target
	 * @param signal the signal
	 * @return {@code 0}, or {@code -errno}
	 */
	int kill(int pid, int signal);

	/**
	 * {@code waitid(idType, id, &info, options)}, with {@code info} zeroed before.
	 * @param idType {@link #P_ALL} or {@link #P_PIDFD}
	 * @param id the id (the pidfd)
	 * @param options the options
	 * @return {@code -errno}, or {@link #waitidResult(int, int, int)} of the fields read
	 */
	long waitid(int idType, int id, int options);

	/**
	 * {@code waitpid(pid, &status, options)}.
	 * @param pid the pid
	 * @param options the options
	 * @return {@code -errno}, or the pid returned in the high 32 bits and the status in
	 * the low 32
	 */
	long waitpid(int pid, int options);

	/**
	 * {@code syscall(SYS_pidfd_open, pid, 0)}.
	 * @param pid the pid
	 * @return the fd, or {@code -errno}
	 */
	int pidfdOpen(long pid);

	/**
	 * {@code syscall(SYS_pidfd_send_signal, fd, signal, NULL, 0)}.
	 * @param fd the pidfd
	 * @param signal the signal
	 * @return {@code 0}, or {@code -errno}
	 */
	int pidfdSendSignal(int fd, int signal);

	/**
	 * {@code close(fd)}.
	 * @param fd the fd
	 */
	void close(int fd);

	/**
	 * A change that would remove a warning of this binding (native access not enabled).
	 * @return the change, or {@code null}
	 */
	default @Nullable String fix() {
		return null;
	}

	/**
	 * What {@link #waitid} returns for the fields of {@code siginfo_t} it read.
	 * @param pid {@code si_pid}, {@code 0} when no child had exited
	 * @param code {@code si_code}
	 * @param status {@code si_status}
	 * @return the three in one non-negative long
	 */
	static long waitidResult(int pid, int code, int status) {
		return ((long) pid << 32) | ((code & 0xffffL) << 16) | (status & 0xffffL);
	}

	/**
	 * {@code si_pid} of a {@link #waitid} result.
	 * @param result a non-negative result
	 * @return the pid, {@code 0} when no child had exited
	 */
	static int waitidPid(long result) {
		return (int) (result >>> 32);
	}

	/**
	 * The exit status of a {@link #waitid} result ({@code si_code} {@code CLD_EXITED}:
	 * the exit code; {@code CLD_KILLED} or {@code CLD_DUMPED}: the signal).
	 * @param result a non-negative result with a pid
	 * @return the exit status
	 */
	static ExitStatus waitidStatus(long result) {
		int code = (int) ((result >>> 16) & 0xffff);
		int status = (int) (result & 0xffff);
		if (code == 1) {
			return ExitStatus.exited(status & 0xff);
		}
		return ExitStatus.signalled(status, code == 3);
	}

}
