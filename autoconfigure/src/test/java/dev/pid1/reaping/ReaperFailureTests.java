package dev.pid1.reaping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.platform.UnsupportedPlatform;
import dev.pid1.platform.UnsupportedPlatform.Cause;
import dev.pid1.reaping.ReaperDecision.Failed;
import dev.pid1.reaping.ReaperDecision.Inactive;
import dev.pid1.reaping.ReaperDecision.Unable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A reaper that cannot reap where it must: PID 1 without native support, and a reaper
 * thread that dies of an {@link Error} (a JNA binding that cannot link). Both are
 * reported as inactive, with the cause and the fix, as a warning; a JVM that is not PID 1
 * and cannot reap keeps its one informative line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReaperFailureTests {

	private static final EnvironmentFacts PID_1 = new EnvironmentFacts(1, true,
			new ContainerInfo(true, "docker", "/.dockerenv"), false);

	private static final EnvironmentFacts NOT_PID_1 = new EnvironmentFacts(40, false,
			new ContainerInfo(true, "docker", "/.dockerenv"), false);

	private static final ReaperSettings SAFE = new ReaperSettings(ReaperMode.SAFE, Duration.ofMillis(250),
			Duration.ofMillis(50), SubreaperPolicy.NEVER);

	private static final UnsupportedPlatform NOEXEC = new UnsupportedPlatform(Cause.NATIVE_LIBRARY,
			"JNA could not load its native library: noexec temp dir (UnsatisfiedLinkError: "
					+ "/tmp/jna1.tmp: failed to map segment from shared object)");

	@Test
	void anErrorInTheReaperThreadLeavesTheReaperInactiveWithTheCause(CapturedOutput output) {
		FakeNativePlatform platform = new FakeNativePlatform(1)
			.failWaitWith(new UnsatisfiedLinkError("Error looking up function 'waitid'"));
		ZombieReaper reaper = new ZombieReaper(SAFE);
		try {
			assertThat(reaper.start(platform, PID_1)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> platform.waits.get() > 0);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(reaper.status().active())
					.as("the reaper thread died of an Error: %s", reaper.status().detail())
					.isFalse());
			assertThat(reaper.status().detail()).contains("UnsatisfiedLinkError")
				.contains("Error looking up function 'waitid'");
			assertThat(reaper.decision()).isInstanceOf(Failed.class);
			assertThat(reaper.isActive()).isFalse();
			assertThat(reaper.status().problem().cause()).isEqualTo(
					"the reaper thread died of java.lang.UnsatisfiedLinkError: Error looking up function 'waitid'");
			assertThat(reaper.status().problem().fix()).contains("JNA version");
			assertThat(reaper.reapNow()).as("a failed reaper reaps no more").isZero();
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("stopped reaping zombies"));
			assertThat(warnings(output, "stopped reaping zombies as PID 1")).as("one WARN").hasSize(1);
		}
		finally {
			reaper.stop();
		}
	}

	@Test
	void theLoopEndsOnALinkageErrorAndRecordsItOnce() {
		FakeNativePlatform platform = new FakeNativePlatform(1)
			.failWaitWith(new NoClassDefFoundError("Could not initialize class com.sun.jna.Native"));
		List<Throwable> died = new ArrayList<>();
		ReaperLoop loop = new ReaperLoop(platform, Duration.ofMillis(50), () -> ReapRound.NOTHING, died::add,
				new ReaperStatistics());
		loop.run();
		assertThat(died).singleElement().isInstanceOf(NoClassDefFoundError.class);
		assertThat(platform.waits.get()).as("no retry of what cannot heal").isEqualTo(1);
	}

	@Test
	void anOutOfMemoryErrorIsRecordedAndStillPropagates() {
		OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
		FakeNativePlatform platform = new FakeNativePlatform(1).failWaitWith(oom);
		List<Throwable> died = new ArrayList<>();
		ReaperLoop loop = new ReaperLoop(platform, Duration.ofMillis(50), () -> ReapRound.NOTHING, died::add,
				new ReaperStatistics());
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(loop::run).isSameAs(oom);
		assertThat(died).containsExactly(oom);
		ZombieReaper reaper = new ZombieReaper(SAFE);
		reaper.died(oom);
		assertThat(reaper.status().active()).as("not started: nothing to fail").isFalse();
		assertThat(reaper.decision()).isNotInstanceOf(Failed.class);
	}

	@Test
	void asPid1WithoutNativeSupportTheReaperSaysWhatToChange() {
		for (UnsupportedPlatform platform : List.of(NOEXEC,
				new UnsupportedPlatform(Cause.NO_NATIVE_BACKEND, "JNA is not on the classpath"),
				new UnsupportedPlatform(Cause.NOT_LINUX, "not running on Linux (FreeBSD)"),
				new UnsupportedPlatform(Cause.DATA_MODEL, "a 32-bit JVM (os.arch arm, sun.arch.data.model 32)"),
				new UnsupportedPlatform(Cause.FAILED, "JNA's native library failed to load (Error: incompatible)"))) {
			ZombieReaper reaper = new ZombieReaper(SAFE);
			assertThat(reaper.start(platform, PID_1)).isFalse();
			assertThat(reaper.decision()).isInstanceOf(Unable.class);
			ReaperStatus status = reaper.status();
			assertThat(status.active()).isFalse();
			assertThat(status.problem()).isEqualTo(new ReaperProblem(platform.reason(), platform.cause().fix()));
			assertThat(status.detail()).isEqualTo("cannot reap zombies as PID 1: " + platform.reason()
					+ "; orphans re-parented to this JVM stay zombies. Fix: " + platform.cause().fix());
		}
	}

	@Test
	void notPid1WithoutNativeSupportIsInactiveWithoutAProblem() {
		ZombieReaper reaper = new ZombieReaper(SAFE);
		assertThat(reaper.start(NOEXEC, NOT_PID_1)).isFalse();
		assertThat(reaper.decision()).isEqualTo(new Inactive(NOEXEC.reason()));
		assertThat(reaper.status().problem()).isNull();
	}

	@Test
	void asPid1ThatCannotReapTheLifecycleWarnsAndOtherwiseInforms(CapturedOutput output) {
		// A class loader without JNA: the platform is inert at once.
		PlatformLoader loader = new PlatformLoader(new FilteredClassLoader("com.sun.jna", "dev.pid1.platform.ffm"));
		ApplicationReadyEvent ready = new ApplicationReadyEvent(new SpringApplication(), new String[0], null,
				Duration.ZERO);
		new ReaperLifecycle(loader, new ZombieReaper(SAFE), null, () -> PID_1).onApplicationEvent(ready);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !warnings(output, "pid1: cannot reap zombies as PID 1: JNA is not on the classpath")
				.isEmpty());
		assertThat(output.getOut()).contains("Fix: add net.java.dev.jna:jna");
		new ReaperLifecycle(loader, new ZombieReaper(SAFE), null, () -> NOT_PID_1).onApplicationEvent(ready);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut()
				.lines()
				.anyMatch((line) -> line.contains("INFO") && line.contains("pid1: not reaping: JNA is not on")));
	}

	private static List<String> warnings(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains("WARN") && line.contains(text)).toList();
	}

}
