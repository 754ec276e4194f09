package dev.pid1.platform.jna;

import com.sun.jna.LastErrorException;

import dev.pid1.platform.LinuxSyscalls;

/**
 * {@link LinuxSyscalls} over libc through JNA, for every Java pid1 runs on. The only
 * package that touches JNA; constructing this class loads it (native extraction and an
 * {@code ldconfig} spawn), so {@code ProcessPlatforms.load} calls it off the main thread.
 * A failed call throws {@link LastErrorException} in JNA; here it becomes {@code -errno}.
 *
 * @author pid1 authors
 */
public final class JnaSyscalls implements LinuxSyscalls {

	/** Size of {@code siginfo_t} on Linux. */
	private static final int SIGINFO_SIZE = 128;

	private static final int SI_CODE_OFFSET = 8;

	private static final int SI_PID_OFFSET = 16;

	private static final int SI_STATUS_OFFSET = 24;

	/**
	 * Loads JNA and binds libc.
	 */
	public JnaSyscalls() {
		LibC.getppid();
	}

	@Override
	public int getppid() {
		return LibC.getppid();
	}

	@Override
	public int prctl(int option, long arg2) {
		try {
			return LibC.prctl(option, arg2, 0, 0, 0);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public int getChildSubreaper() {
		int[] result = new int[1];
		try {
			LibC.prctl(PR_GET_CHILD_SUBREAPER, result, 0, 0, 0);
			return result[0];
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public int kill(int pid, int signal) {
		try {
			return LibC.kill(pid, signal);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public long waitid(int idType, int id, int options) {
		byte[] info = new byte[SIGINFO_SIZE];
		try {
			LibC.waitid(idType, id, info, options);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
		return LinuxSyscalls.waitidResult(intAt(info, SI_PID_OFFSET), intAt(info, SI_CODE_OFFSET),
				intAt(info, SI_STATUS_OFFSET));
	}

	@Override
	public long waitpid(int pid, int options) {
		int[] status = new int[1];
		try {
			int reaped = LibC.waitpid(pid, status, options);
			return ((long) reaped << 32) | (status[0] & 0xffffffffL);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public int pidfdOpen(long pid) {
		try {
			return (int) LibC.syscall(SYS_PIDFD_OPEN, pid, 0);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public int pidfdSendSignal(int fd, int signal) {
		try {
			return (int) LibC.syscall(SYS_PIDFD_SEND_SIGNAL, fd, signal, 0, 0);
		}
		catch (LastErrorException ex) {
			return -ex.getErrorCode();
		}
	}

	@Override
	public void close(int fd) {
		LibC.close(fd);
	}

	/**
	 * Reads a native-order int of {@code siginfo_t} (little-endian on x86_64 and
	 * aarch64).
	 */
	private static int intAt(byte[] buffer, int offset) {
		return (buffer[offset] & 0xff) | (buffer[offset + 1] & 0xff) << 8 | (buffer[offset + 2] & 0xff) << 16
				| (buffer[offset + 3] & 0xff) << 24;
	}

}
