package dev.pid1.platform.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc functions pid1 calls, bound by JNA direct mapping (2-3x cheaper per call than
 * interface mapping, which matters in a reaping loop). Class initialisation loads JNA and
 * libc: it happens on whatever thread first touches this class, so only the platform
 * loader thread may.
 *
 * @author pid1 authors
 */
final class LibC {

	static final int PR_SET_CHILD_SUBREAPER = 36;

	static final int PR_GET_CHILD_SUBREAPER = 37;

	static final int P_ALL = 0;

	static final int P_PIDFD = 3;

	static final int WNOHANG = 1;

	static final int WEXITED = 4;

	static final int WNOWAIT = 0x01000000;

	static final int ESRCH = 3;

	static final int EINTR = 4;

	static final int ECHILD = 10;

	static final int EINVAL = 22;

	static final int ENOSYS = 38;

	static final long SYS_PIDFD_OPEN = 434;

	/** Size of {@code siginfo_t} on Linux. */
	static final int SIGINFO_SIZE = 128;

	static final int SI_CODE_OFFSET = 8;

	static final int SI_PID_OFFSET = 16;

	static final int SI_STATUS_OFFSET = 24;

	static final int CLD_EXITED = 1;

	static final int CLD_DUMPED = 3;

	static {
		Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
	}

	private LibC() {
	}

	static native int getppid();

	static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

	static native int prctl(int option, int[] result, long arg3, long arg4, long arg5) throws LastErrorException;

	static native int kill(int pid, int signal) throws LastErrorException;

	static native int waitid(int idType, int id, byte[] info, int options) throws LastErrorException;

	static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

	static native long syscall(long number, long arg1, long arg2) throws LastErrorException;

	static native int close(int fd);

}
