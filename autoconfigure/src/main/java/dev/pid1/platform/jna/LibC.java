package dev.pid1.platform.jna;

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

	static native long syscall(long number, long arg1, long arg2, long arg3, long arg4) throws LastErrorException;

	static native int close(int fd);

}
