package dev.pid1.platform;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pid1.test.NativeBackends;
import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link NativePlatform}, for each backend this JVM can run (JNA where it
 * is on the class path, FFM on Java 22+), against the real kernel. Children are started
 * with {@code ProcessBuilder}, whose own reaper thread would race these calls, so each
 * test that reaps uses a double fork: a shell whose background child is re-parented to
 * this JVM once this JVM is a subreaper.
 */
class LinuxPlatformTests {

	private NativePlatform platform;

	private void load(String backend) {
		NativeBackends.assumeAvailable(backend);
		ProcessPlatforms.Backend chosen = backend.equals("FFM") ? ProcessPlatforms.FFM : ProcessPlatforms.JNA;
		ProcessPlatform loaded = ProcessPlatforms.load(getClass().getClassLoader(), List.of(chosen));
		assertThat(loaded).as(loaded.support().reason()).isInstanceOf(NativePlatform.class);
		this.platform = (NativePlatform) loaded;
		assertThat(this.platform.backend()).isEqualTo(NativeBackend.valueOf(backend));
		assertThat(this.platform.support().backend()).isEqualTo(NativeBackend.valueOf(backend));
		assertThat(this.platform.description()).startsWith(backend + " (Java " + Runtime.version().feature() + ")");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void parentPidIsTheParentsPid(String backend) {
		load(backend);
		assertThat(this.platform.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
		assertThat(this.platform.hasPidfd()).as("pidfd on this kernel").isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void subreaperFlagRoundTrips(String backend) {
		load(backend);
		NativePlatform platform = this.platform;
		boolean before = platform.isSubreaper();
		try {
			platform.setSubreaper(true);
			assertThat(platform.isSubreaper()).isTrue();
			platform.setSubreaper(false);
			assertThat(platform.isSubreaper()).isFalse();
		}
		finally {
			platform.setSubreaper(before);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void killReportsAVanishedProcess(String backend) throws Exception {
		load(backend);
		NativePlatform platform = this.platform;
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		assertThat(platform.kill(sleeper.pid(), Signals.SIGTERM)).isTrue();
		assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(sleeper.exitValue()).isEqualTo(128 + Signals.SIGTERM);
		assertThat(platform.kill(sleeper.pid(), 0)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void peeksWithoutReapingThenReapsExactlyThatOrphan(String backend) throws Exception {
		load(backend);
		NativePlatform platform = this.platform;
		PidNamespace.assumeAvailable();
		boolean before = platform.isSubreaper();
		platform.setSubreaper(true);
		try {
			// The shell exits at once; its background child becomes ours and exits with
			// 7.
			Process shell = new ProcessBuilder("sh", "-c", "(sleep 0.3; exit 7) & echo $!").start();
			long orphan = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
			assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
			ProcessStat zombie = awaitZombie(orphan);
			Optional<ExitedChild> peeked = awaitPeek(orphan);
			assertThat(peeked).contains(new ExitedChild(orphan, ExitStatus.exited(7)));
			assertThat(platform.procFs().stat(orphan)).as("peek leaves the zombie").isPresent();
			assertThat(platform.reap(orphan, zombie.startTime() + 1)).as("another start time is another process")
				.isEmpty();
			assertThat(platform.reap(orphan, zombie.startTime())).contains(ExitStatus.exited(7));
			assertThat(platform.procFs().stat(orphan)).as("reaped").isEmpty();
			assertThat(platform.reap(orphan, zombie.startTime())).as("reaping twice is harmless").isEmpty();
		}
		finally {
			platform.setSubreaper(before);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void signalsOnlyTheProcessWithThatStartTime(String backend) throws Exception {
		load(backend);
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		try {
			ProcessStat stat = this.platform.procFs().stat(sleeper.pid()).orElseThrow();
			assertThat(this.platform.signal(sleeper.pid(), stat.startTime() + 1, Signals.SIGKILL))
				.as("another start time is another process")
				.isFalse();
			assertThat(sleeper.isAlive()).isTrue();
			assertThat(this.platform.signal(sleeper.pid(), stat.startTime(), Signals.SIGTERM)).isTrue();
			assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(sleeper.exitValue()).isEqualTo(128 + Signals.SIGTERM);
			assertThat(this.platform.signal(sleeper.pid(), stat.startTime(), 0)).as("gone").isFalse();
		}
		finally {
			sleeper.destroyForcibly();
		}
	}

	private ProcessStat awaitZombie(long pid) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Optional<ProcessStat> stat = this.platform.procFs().stat(pid);
			if (stat.isPresent() && stat.get().isZombie()) {
				return stat.get();
			}
			Thread.sleep(20);
		}
		throw new AssertionError("pid " + pid + " did not become a zombie of this JVM");
	}

	private Optional<ExitedChild> awaitPeek(long pid) throws InterruptedException {
		// Other exited children (of the JDK) may come first; the JDK reaps them quickly.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Optional<ExitedChild> child = this.platform.peekExitedChild();
			if (child.isPresent() && child.get().pid() == pid) {
				return child;
			}
			Thread.sleep(20);
		}
		return Optional.empty();
	}

}
