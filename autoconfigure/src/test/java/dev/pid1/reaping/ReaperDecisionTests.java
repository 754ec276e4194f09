package dev.pid1.reaping;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.PlatformException;
import dev.pid1.platform.UnsupportedPlatform;
import dev.pid1.reaping.ReaperDecision.Active;
import dev.pid1.reaping.ReaperDecision.Inactive;
import dev.pid1.reaping.ReaperDecision.Off;
import dev.pid1.reaping.ReaperDecision.Pending;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link ZombieReaper} decides whether and how to reap ({@link ReaperDecider}),
 * against a {@link FakeNativePlatform}: no thread is started unless the decision is
 * active, and then it is stopped.
 */
class ReaperDecisionTests {

	private static final EnvironmentFacts PID_1 = new EnvironmentFacts(1, true, ContainerInfo.none(), false);

	private static final EnvironmentFacts ON_A_HOST = new EnvironmentFacts(40, false, ContainerInfo.none(), false);

	private static final EnvironmentFacts IN_A_CONTAINER = new EnvironmentFacts(40, false,
			new ContainerInfo(true, "docker", "/.dockerenv"), false);

	private static final ReaperSettings SAFE = settings(ReaperMode.SAFE, SubreaperPolicy.NEVER);

	@Test
	void offIsDecidedAtConstructionAndNeverChanges() {
		ZombieReaper reaper = new ZombieReaper(settings(ReaperMode.OFF, SubreaperPolicy.ALWAYS));
		assertThat(reaper.decision()).isInstanceOf(Off.class);
		assertThat(reaper.start(new FakeNativePlatform(1), PID_1)).isFalse();
		assertThat(reaper.decision()).isInstanceOf(Off.class);
		assertThat(reaper.status().mode()).isEqualTo(ReaperStatus.Mode.OFF);
	}

	@Test
	void pendingUntilStartedAndThenDecidedOnce() {
		ZombieReaper reaper = new ZombieReaper(SAFE);
		assertThat(reaper.decision()).isInstanceOf(Pending.class);
		assertThat(reaper.describe()).isEqualTo("pid1: not started yet: the native platform is loading");
		assertThat(reaper.status().mode()).isNull();
		assertThat(reaper.reapNow()).isZero();
		assertThat(reaper.start(new UnsupportedPlatform("not running on Linux (Mac OS X)"), ON_A_HOST)).isFalse();
		assertThat(reaper.decision()).isEqualTo(new Inactive("not running on Linux (Mac OS X)"));
		assertThat(reaper.start(new FakeNativePlatform(1), PID_1)).as("decided once").isFalse();
		assertThat(reaper.describe()).isEqualTo("pid1: not reaping: not running on Linux (Mac OS X)");
	}

	@Test
	void asPid1ItReapsInTheModeAskedFor() {
		FakeNativePlatform platform = new FakeNativePlatform(1);
		ZombieReaper reaper = new ZombieReaper(SAFE);
		try {
			assertThat(reaper.start(platform, PID_1)).isTrue();
			Active active = (Active) reaper.decision();
			assertThat(active.role()).isEqualTo(ReaperRole.PID_1);
			assertThat(active.strategy()).isInstanceOf(SafeStrategy.class);
			assertThat(active.strategy().reapDelay()).isEqualTo(Duration.ofMillis(250));
			assertThat(reaper.describe()).isEqualTo("pid1: reaping zombies as PID 1 in safe mode (a zombie is "
					+ "reaped after it stayed one for 250 ms, pid1.reaper.mode=safe)");
			assertThat(reaper.status().mode()).isEqualTo(ReaperStatus.Mode.SAFE);
			assertThat(reaper.status().active()).isTrue();
		}
		finally {
			reaper.stop();
		}
	}

	@Test
	void exactModeFallsBackToSafeModeAndSaysHowWhenTheJdkRegistryIsClosed() {
		ReaperDecision decision = ReaperDecider.decide(settings(ReaperMode.EXACT, SubreaperPolicy.NEVER),
				new FakeNativePlatform(1), PID_1);
		ReapStrategy strategy = ((Active) decision).strategy();
		if (registryReadable()) {
			assertThat(strategy).isInstanceOf(ExactStrategy.class);
			assertThat(decision.describe()).startsWith("reaping zombies as PID 1 in exact mode");
		}
		else {
			assertThat(strategy).isInstanceOf(SafeStrategy.class);
			assertThat(decision.describe()).contains("exact mode was asked for but")
				.contains("--add-opens java.base/java.lang=ALL-UNNAMED");
		}
	}

	@Test
	void notPid1AndNoSubreaperByPolicy() {
		assertThat(ReaperDecider.decide(SAFE, new FakeNativePlatform(40), IN_A_CONTAINER).describe())
			.isEqualTo("not reaping: this JVM is neither PID 1 nor a child subreaper (pid1.subreaper=never)");
		assertThat(ReaperDecider
			.decide(settings(ReaperMode.SAFE, SubreaperPolicy.AUTO), new FakeNativePlatform(40), ON_A_HOST)
			.describe()).endsWith("(pid1.subreaper=auto, and no container was detected)");
	}

	@Test
	void inAContainerItBecomesASubreaper() {
		FakeNativePlatform platform = new FakeNativePlatform(40);
		ReaperDecision decision = ReaperDecider.decide(settings(ReaperMode.SAFE, SubreaperPolicy.AUTO), platform,
				IN_A_CONTAINER);
		assertThat(((Active) decision).role()).isEqualTo(ReaperRole.SUBREAPER_BY_POLICY);
		assertThat(platform.isSubreaper()).isTrue();
		assertThat(decision.describe()).startsWith("reaping zombies as a child subreaper (pid1.subreaper=auto) in");
	}

	@Test
	void theRoleAndTheContainerComeFromTheEnvironmentFacts() {
		// The platform's own pid says neither PID 1 nor anything about a container: the
		// facts decide.
		assertThat(((Active) ReaperDecider.decide(SAFE, new FakeNativePlatform(40), PID_1)).role())
			.isEqualTo(ReaperRole.PID_1);
		assertThat(ReaperDecider.decide(settings(ReaperMode.SAFE, SubreaperPolicy.AUTO), new FakeNativePlatform(1),
				ON_A_HOST))
			.isInstanceOf(Inactive.class);
	}

	@Test
	void anExistingSubreaperReapsWhateverThePolicy() {
		ReaperDecision decision = ReaperDecider.decide(SAFE, new FakeNativePlatform(40).subreaper(true), ON_A_HOST);
		assertThat(((Active) decision).role()).isEqualTo(ReaperRole.SUBREAPER);
	}

	@Test
	void aRefusedSubreaperFlagIsInactiveWithTheReason() {
		FakeNativePlatform platform = new FakeNativePlatform(40)
			.refuseSubreaper(new PlatformException("prctl(PR_SET_CHILD_SUBREAPER) failed", 1));
		assertThat(ReaperDecider.decide(settings(ReaperMode.SAFE, SubreaperPolicy.ALWAYS), platform, IN_A_CONTAINER)
			.describe()).isEqualTo(
					"not reaping: could not become a child subreaper (prctl(PR_SET_CHILD_SUBREAPER) failed (errno 1))");
	}

	@Test
	void statisticsAddUpTheRoundsAndKeepThePeak() {
		FakeNativePlatform platform = new FakeNativePlatform(1);
		ReaperDecision decision = ReaperDecider.decide(SAFE, platform, PID_1);
		assertThat(decision).isInstanceOf(Active.class);
		platform.child(10, 100, "a").child(11, 110, "b").exit(10, ExitStatus.exited(0));
		platform.exit(11, ExitStatus.exited(1));
		SafeStrategy strategy = (SafeStrategy) ((Active) decision).strategy();
		ReaperStatistics statistics = new ReaperStatistics();
		statistics.record(strategy.reap(platform.childPids(), 0));
		assertThat(statistics.zombies()).isEqualTo(2);
		statistics.record(strategy.reap(platform.childPids(), Duration.ofMillis(250).toNanos()));
		assertThat(statistics.reaped()).isEqualTo(2);
		assertThat(statistics.zombies()).isZero();
		assertThat(statistics.peakZombies()).isEqualTo(2);
		assertThat(statistics.lastReaped().command()).isEqualTo("b");
	}

	private static boolean registryReadable() {
		try {
			JdkChildRegistry.open();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	private static ReaperSettings settings(ReaperMode mode, SubreaperPolicy subreaper) {
		return new ReaperSettings(mode, Duration.ofMillis(250), Duration.ofMillis(50), subreaper);
	}

}
