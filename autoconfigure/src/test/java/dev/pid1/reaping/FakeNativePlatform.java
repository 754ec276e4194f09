package dev.pid1.reaping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ExitedChild;
import dev.pid1.platform.NativeBackend;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.ReapAttempt;

/**
 * A {@link NativePlatform} over processes held in memory, for in-process tests of the
 * reaping strategies and the decision: children start, exit (become zombies), are reaped
 * or vanish (someone else reaped them); it counts the {@code /proc} reads the reaper
 * makes.
 */
final class FakeNativePlatform implements NativePlatform {

	private final Map<Long, Child> children = new LinkedHashMap<>();

	private final long pid;

	private boolean subreaper;

	private RuntimeException subreaperFailure;

	private volatile Error waitFailure;

	final AtomicInteger waits = new AtomicInteger();

	final AtomicInteger peeks = new AtomicInteger();

	int statReads;

	int commReads;

	final List<Long> reapCalls = new ArrayList<>();

	FakeNativePlatform(long pid) {
		this.pid = pid;
	}

	FakeNativePlatform child(long pid, long startTime, String comm) {
		this.children.put(pid, new Child(pid, startTime, comm));
		return this;
	}

	FakeNativePlatform exit(long pid, ExitStatus status) {
		this.children.get(pid).status = status;
		return this;
	}

	/** Someone else (the JDK) reaped it. */
	FakeNativePlatform vanish(long pid) {
		this.children.remove(pid);
		return this;
	}

	FakeNativePlatform subreaper(boolean subreaper) {
		this.subreaper = subreaper;
		return this;
	}

	FakeNativePlatform refuseSubreaper(RuntimeException failure) {
		this.subreaperFailure = failure;
		return this;
	}

	/** Every wait for an exited child throws this, as a JNA binding that cannot link. */
	FakeNativePlatform failWaitWith(Error failure) {
		this.waitFailure = failure;
		return this;
	}

	List<Long> childPids() {
		return List.copyOf(this.children.keySet());
	}

	boolean has(long pid) {
		return this.children.containsKey(pid);
	}

	@Override
	public String description() {
		return "fake";
	}

	@Override
	public NativeBackend backend() {
		return NativeBackend.NONE;
	}

	@Override
	public String choice() {
		return "a test's fake";
	}

	@Override
	public long pid() {
		return this.pid;
	}

	@Override
	public long parentPid() {
		return (this.pid == 1) ? 0 : 1;
	}

	@Override
	public boolean isSubreaper() {
		return this.subreaper;
	}

	@Override
	public void setSubreaper(boolean subreaper) {
		if (this.subreaperFailure != null) {
			throw this.subreaperFailure;
		}
		this.subreaper = subreaper;
	}

	@Override
	public boolean kill(long pid, int signal) {
		return this.children.containsKey(pid);
	}

	@Override
	public Optional<ExitedChild> peekExitedChild() {
		this.peeks.incrementAndGet();
		return exitedChild();
	}

	private Optional<ExitedChild> exitedChild() {
		return this.children.values()
			.stream()
			.filter((child) -> child.status != null)
			.findFirst()
			.map((child) -> new ExitedChild(child.pid, child.status));
	}

	@Override
	public boolean awaitExitedChild() {
		this.waits.incrementAndGet();
		Error failure = this.waitFailure;
		if (failure != null) {
			throw failure;
		}
		return exitedChild().isPresent();
	}

	@Override
	public Optional<ExitStatus> reap(long pid, long startTime) {
		this.reapCalls.add(pid);
		Child child = this.children.get(pid);
		if (child == null || child.status == null || child.startTime != startTime) {
			return Optional.empty();
		}
		this.children.remove(pid);
		return Optional.of(child.status);
	}

	@Override
	public ReapAttempt reapIfExited(long pid, LongPredicate judge) {
		Child child = this.children.get(pid);
		if (child == null || child.status == null) {
			return ReapAttempt.NOT_EXITED;
		}
		if (!judge.test(pid)) {
			return ReapAttempt.LEFT;
		}
		this.reapCalls.add(pid);
		this.children.remove(pid);
		return ReapAttempt.reaped(child.status);
	}

	@Override
	public boolean hasPidfd() {
		return true;
	}

	@Override
	public ProcFs procFs() {
		return new ProcFs(Path.of("/nonexistent")) {

			@Override
			public Optional<ProcessStat> stat(long pid) {
				FakeNativePlatform.this.statReads++;
				Child child = FakeNativePlatform.this.children.get(pid);
				return Optional.ofNullable(child)
					.map((found) -> new ProcessStat(found.pid, found.comm, (found.status != null) ? 'Z' : 'S',
							FakeNativePlatform.this.pid, found.pid, found.pid, found.startTime));
			}

			@Override
			public Optional<String> read(String relativePath) {
				if (relativePath.endsWith("/comm")) {
					FakeNativePlatform.this.commReads++;
					Child child = FakeNativePlatform.this.children
						.get(Long.parseLong(relativePath.substring(0, relativePath.indexOf('/'))));
					return Optional.ofNullable(child).map((found) -> found.comm + "\n");
				}
				return Optional.empty();
			}

			@Override
			public List<Long> children(long pid, long tid) {
				return (pid == FakeNativePlatform.this.pid && tid == pid) ? childPids() : List.of();
			}

		};
	}

	private static final class Child {

		final long pid;

		final long startTime;

		final String comm;

		ExitStatus status;

		Child(long pid, long startTime, String comm) {
			this.pid = pid;
			this.startTime = startTime;
			this.comm = comm;
		}

	}

}
