package dev.pid1.platform;

import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The platform used where native calls cannot be made: off Linux, without JNA, or when
 * JNA's native part failed to load. It still answers what pure Java can (pid, parent,
 * {@code /proc}) and refuses the rest.
 *
 * @author pid1 authors
 */
public final class InertProcessPlatform implements ProcessPlatform {

	private final Support support;

	private final ProcFs procFs;

	public InertProcessPlatform(String reason) {
		this(reason, new ProcFs());
	}

	InertProcessPlatform(String reason, ProcFs procFs) {
		this.support = Support.unsupported(reason);
		this.procFs = procFs;
	}

	@Override
	public Support support() {
		return this.support;
	}

	@Override
	public long parentPid() {
		return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
	}

	@Override
	public boolean isSubreaper() {
		return false;
	}

	@Override
	public void setSubreaper(boolean subreaper) {
		throw unsupported("set the child subreaper flag");
	}

	@Override
	public boolean kill(long pid, int signal) {
		throw unsupported("send signal " + Signals.name(signal));
	}

	@Override
	public Optional<ExitedChild> peekExitedChild() {
		throw unsupported("wait for children");
	}

	@Override
	public boolean awaitExitedChild() {
		throw unsupported("wait for children");
	}

	@Override
	public Optional<ExitStatus> reap(long pid, long startTime) {
		throw unsupported("reap a child");
	}

	@Override
	public ReapAttempt reapIf(long pid, Predicate<ProcessStat> judge) {
		throw unsupported("reap a child");
	}

	@Override
	public ReapAttempt reapIfExited(long pid, LongPredicate judge) {
		throw unsupported("reap a child");
	}

	@Override
	public boolean hasPidfd() {
		return false;
	}

	@Override
	public ProcFs procFs() {
		return this.procFs;
	}

	private UnsupportedOperationException unsupported(String action) {
		return new UnsupportedOperationException("Cannot " + action + ": " + this.support.reason());
	}

}
