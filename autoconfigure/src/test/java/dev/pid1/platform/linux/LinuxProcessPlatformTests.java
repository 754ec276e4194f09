package dev.pid1.platform.linux;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ExitedChild;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.Signals;
import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native calls against the real kernel. Children are started with
 * {@code ProcessBuilder}, whose own reaper thread would race these calls, so each test
 * that reaps uses a double fork: a shell whose background child is re-parented to this
 * JVM once this JVM is a subreaper.
 */
class LinuxProcessPlatformTests {

	private static LinuxProcessPlatform platform;

	@BeforeAll
	static void load() {
		assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"), "Linux only");
		platform = new LinuxProcessPlatform();
	}

	@Test
	void subreaperFlagRoundTrips() {
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

	@Test
	void killReportsAVanishedProcess() throws Exception {
		Process sleeper = new ProcessBuilder("sleep", "30").start();
		assertThat(platform.kill(sleeper.pid(), Signals.SIGTERM)).isTrue();
		assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(sleeper.exitValue()).isEqualTo(128 + Signals.SIGTERM);
		assertThat(platform.kill(sleeper.pid(), 0)).isFalse();
	}

	@Test
	void peeksWithoutReapingThenReapsExactlyThatOrphan() throws Exception {
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

	private static ProcessStat awaitZombie(long pid) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Optional<ProcessStat> stat = platform.procFs().stat(pid);
			if (stat.isPresent() && stat.get().isZombie()) {
				return stat.get();
			}
			Thread.sleep(20);
		}
		throw new AssertionError("pid " + pid + " did not become a zombie of this JVM");
	}

	private static Optional<ExitedChild> awaitPeek(long pid) throws InterruptedException {
		// Other exited children (of the JDK) may come first; the JDK reaps them quickly.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			Optional<ExitedChild> child = platform.peekExitedChild();
			if (child.isPresent() && child.get().pid() == pid) {
				return child;
			}
			Thread.sleep(20);
		}
		return Optional.empty();
	}

}
