package dev.pid1.platform.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.LinuxSyscalls;
import dev.pid1.platform.UnsupportedPlatform;

import static dev.pid1.platform.ffm.Downcall.NOT_VARIADIC;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link LinuxSyscalls} over libc through the foreign function API of Java 22+: no JNA,
 * no native library to extract, so it works with a read-only root and a {@code noexec}
 * {@code /tmp}. {@code errno} comes from {@code Linker.Option.captureCallState}; the
 * variadic {@code prctl} and {@code syscall} are bound with
 * {@code Linker.Option.firstVariadicArg}; {@code siginfo_t} is a {@link MemoryLayout}.
 * <p>
 * Each thread reuses its own native scratch memory (the captured {@code errno},
 * {@code siginfo_t}, an {@code int}), so a call allocates nothing. The handles are bound
 * when this class initialises: on the platform loader thread, where
 * {@code --illegal-native-access=deny} (without native access enabled) fails with an
 * {@link IllegalCallerException} that {@code ProcessPlatforms} reports.
 *
 * @author pid1 authors
 */
public final class FfmSyscalls implements LinuxSyscalls {

	/**
	 * Read before anything is bound: in the JDK's default mode ({@code warn}), the first
	 * restricted call warns and then enables native access for the module.
	 */
	private static final boolean NATIVE_ACCESS = FfmSyscalls.class.getModule().isNativeAccessEnabled();

	private static final Linker LINKER = Linker.nativeLinker();

	private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

	private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));

	/**
	 * {@code siginfo_t} of a {@code SIGCHLD} (Linux generic layout, as on x86_64 and
	 * aarch64): three ints, the union aligned to 8, padded to 128 bytes.
	 */
	static final StructLayout SIGINFO = MemoryLayout.structLayout(JAVA_INT.withName("si_signo"),
			JAVA_INT.withName("si_errno"), JAVA_INT.withName("si_code"), MemoryLayout.paddingLayout(4),
			JAVA_INT.withName("si_pid"), JAVA_INT.withName("si_uid"), JAVA_INT.withName("si_status"),
			MemoryLayout.paddingLayout(128 - 28));

	private static final VarHandle SI_CODE = SIGINFO.varHandle(groupElement("si_code"));

	private static final VarHandle SI_PID = SIGINFO.varHandle(groupElement("si_pid"));

	private static final VarHandle SI_STATUS = SIGINFO.varHandle(groupElement("si_status"));

	/**
	 * Every downcall bound, in order: what GraalVM's reachability metadata must register.
	 */
	private static final List<Downcall> DOWNCALLS = new ArrayList<>();

	private static final MethodHandle GETPPID = bind("getppid", FunctionDescriptor.of(JAVA_INT), false, NOT_VARIADIC);

	private static final MethodHandle PRCTL = bind("prctl",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), true, 1);

	private static final MethodHandle PRCTL_GET = bind("prctl",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG), true, 1);

	private static final MethodHandle KILL = bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), true,
			NOT_VARIADIC);

	private static final MethodHandle WAITID = bind("waitid",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), true, NOT_VARIADIC);

	private static final MethodHandle WAITPID = bind("waitpid",
			FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), true, NOT_VARIADIC);

	private static final MethodHandle SYSCALL = bind("syscall",
			FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), true, 1);

	private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), false,
			NOT_VARIADIC);

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	private final @Nullable String fix;

	/**
	 * Binds libc (by initialising this class); remembers whether native access was
	 * enabled for this module before.
	 */
	public FfmSyscalls() {
		this.fix = NATIVE_ACCESS ? null : "native access is not enabled (the JDK warns; a later Java will refuse): "
				+ UnsupportedPlatform.Cause.NATIVE_ACCESS.fix();
	}

	private static MethodHandle bind(String name, FunctionDescriptor descriptor, boolean captureErrno,
			int firstVariadicArg) {
		Downcall downcall = new Downcall(name, descriptor, captureErrno, firstVariadicArg);
		MemorySegment symbol = LINKER.defaultLookup()
			.find(name)
			.orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
		DOWNCALLS.add(downcall);
		return LINKER.downcallHandle(symbol, descriptor, downcall.options());
	}

	/**
	 * Each downcall bound, as GraalVM's reachability metadata describes it (see
	 * {@link Downcall#metadata}).
	 * @return the descriptions, in binding order
	 */
	static List<String> downcalls() {
		return DOWNCALLS.stream().map((downcall) -> downcall.metadata(LINKER)).toList();
	}

	@Override
	public @Nullable String fix() {
		return this.fix;
	}

	@Override
	public int getppid() {
		try {
			return (int) GETPPID.invokeExact();
		}
		catch (Throwable ex) {
			throw failed("getppid", ex);
		}
	}

	@Override
	public int prctl(int option, long arg2) {
		MemorySegment state = SCRATCH.get().state;
		try {
			int result = (int) PRCTL.invokeExact(state, option, arg2, 0L, 0L, 0L);
			return (result < 0) ? -errno(state) : result;
		}
		catch (Throwable ex) {
			throw failed("prctl", ex);
		}
	}

	@Override
	public int getChildSubreaper() {
		Scratch scratch = SCRATCH.get();
		try {
			scratch.value.set(JAVA_INT, 0, 0);
			int result = (int) PRCTL_GET.invokeExact(scratch.state, PR_GET_CHILD_SUBREAPER, scratch.value, 0L, 0L, 0L);
			return (result < 0) ? -errno(scratch.state) : scratch.value.get(JAVA_INT, 0);
		}
		catch (Throwable ex) {
			throw failed("prctl", ex);
		}
	}

	@Override
	public int kill(int pid, int signal) {
		MemorySegment state = SCRATCH.get().state;
		try {
			int result = (int) KILL.invokeExact(state, pid, signal);
			return (result < 0) ? -errno(state) : result;
		}
		catch (Throwable ex) {
			throw failed("kill", ex);
		}
	}

	@Override
	public long waitid(int idType, int id, int options) {
		Scratch scratch = SCRATCH.get();
		MemorySegment info = scratch.siginfo;
		try {
			info.fill((byte) 0);
			int result = (int) WAITID.invokeExact(scratch.state, idType, id, info, options);
			if (result < 0) {
				return -errno(scratch.state);
			}
			return LinuxSyscalls.waitidResult((int) SI_PID.get(info, 0L), (int) SI_CODE.get(info, 0L),
					(int) SI_STATUS.get(info, 0L));
		}
		catch (Throwable ex) {
			throw failed("waitid", ex);
		}
	}

	@Override
	public long waitpid(int pid, int options) {
		Scratch scratch = SCRATCH.get();
		try {
			int reaped = (int) WAITPID.invokeExact(scratch.state, pid, scratch.value, options);
			if (reaped < 0) {
				return -errno(scratch.state);
			}
			return ((long) reaped << 32) | (scratch.value.get(JAVA_INT, 0) & 0xffffffffL);
		}
		catch (Throwable ex) {
			throw failed("waitpid", ex);
		}
	}

	@Override
	public int pidfdOpen(long pid) {
		return (int) syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
	}

	@Override
	public int pidfdSendSignal(int fd, int signal) {
		return (int) syscall(SYS_PIDFD_SEND_SIGNAL, fd, signal, 0, 0);
	}

	private static long syscall(long number, long arg1, long arg2, long arg3, long arg4) {
		MemorySegment state = SCRATCH.get().state;
		try {
			long result = (long) SYSCALL.invokeExact(state, number, arg1, arg2, arg3, arg4);
			return (result < 0) ? -errno(state) : result;
		}
		catch (Throwable ex) {
			throw failed("syscall(" + number + ")", ex);
		}
	}

	@Override
	public void close(int fd) {
		try {
			int ignored = (int) CLOSE.invokeExact(fd);
		}
		catch (Throwable ex) {
			throw failed("close", ex);
		}
	}

	private static int errno(MemorySegment state) {
		return (int) ERRNO.get(state, 0L);
	}

	private static IllegalStateException failed(String call, Throwable ex) {
		if (ex instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(call + " through the foreign function API failed", ex);
	}

	/**
	 * One thread's native memory, allocated once and freed with the thread (automatic
	 * arena): the captured call state, a {@code siginfo_t}, an {@code int}.
	 */
	private static final class Scratch {

		private final MemorySegment state;

		private final MemorySegment siginfo;

		private final MemorySegment value;

		Scratch() {
			Arena arena = Arena.ofAuto();
			this.state = arena.allocate(CALL_STATE);
			this.siginfo = arena.allocate(SIGINFO);
			this.value = arena.allocate(ValueLayout.JAVA_INT);
		}

	}

}
