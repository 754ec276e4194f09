package dev.pid1.reaping;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.Signals;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExactStrategy} against a {@link FakeNativePlatform}, in-process. The end-to-end
 * proof against the real kernel is {@link ReaperNamespaceTests}.
 */
class ExactStrategyTests {

	private final FakeNativePlatform platform = new FakeNativePlatform(1);

	private final Set<Long> jdkWaitsFor = new HashSet<>();

	private final ExactStrategy strategy = new ExactStrategy(this.platform, this.jdkWaitsFor::contains);

	@Test
	void reapsAnExitedOrphanAtOnceAndLeavesRunningChildren() {
		this.platform.child(10, 100, "sh").child(11, 110, "sleep").exit(10, ExitStatus.exited(3));
		ReapRound round = this.strategy.reap(this.platform.childPids(), 0);
		assertThat(round.reaped()).isEqualTo(1);
		assertThat(round.waiting()).isZero();
		assertThat(round.hasDeadline()).isFalse();
		assertThat(round.lastReaped().pid()).isEqualTo(10);
		assertThat(round.lastReaped().command()).isEqualTo("sh");
		assertThat(round.lastReaped().exitCode()).isEqualTo(3);
		assertThat(this.platform.has(10)).isFalse();
		assertThat(this.platform.has(11)).isTrue();
	}

	@Test
	void leavesAZombieTheJdkWaitsForUntilTheJdkHasTakenIt() {
		this.platform.child(20, 200, "java-child").exit(20, ExitStatus.exited(42));
		this.jdkWaitsFor.add(20L);
		ReapRound round = this.strategy.reap(this.platform.childPids(), 0);
		assertThat(round.reaped()).isZero();
		assertThat(round.waiting()).isEqualTo(1);
		assertThat(round.hasDeadline()).as("no grace in exact mode").isFalse();
		assertThat(this.platform.has(20)).as("the JDK's exit code is kept for waitFor()").isTrue();
		assertThat(this.platform.reapCalls).isEmpty();
		this.platform.vanish(20);
		assertThat(this.strategy.reap(this.platform.childPids(), 1).waiting()).isZero();
	}

	@Test
	void aZombieTheJdkNoLongerWaitsForIsReapedAtTheNextLook() {
		this.platform.child(21, 210, "sh").exit(21, ExitStatus.signalled(Signals.SIGKILL, false));
		this.jdkWaitsFor.add(21L);
		assertThat(this.strategy.reap(this.platform.childPids(), 0).reaped()).isZero();
		this.jdkWaitsFor.remove(21L);
		ReapRound round = this.strategy.reap(this.platform.childPids(), 1);
		assertThat(round.reaped()).isEqualTo(1);
		assertThat(round.lastReaped().signal()).isEqualTo("KILL");
		assertThat(round.lastReaped().exitCode()).isNull();
	}

	@Test
	void readsNoStatAndOneCommandNamePerRound() {
		for (long pid = 30; pid < 40; pid++) {
			this.platform.child(pid, pid * 10, "orphan" + pid).exit(pid, ExitStatus.exited(0));
		}
		ReapRound round = this.strategy.reap(this.platform.childPids(), 0);
		assertThat(round.reaped()).isEqualTo(10);
		assertThat(round.lastReaped().command()).isEqualTo("orphan30");
		assertThat(this.platform.statReads).isZero();
		assertThat(this.platform.commReads).isEqualTo(1);
	}

	@Test
	void theCommandNameBelongsToTheProcessReaped() {
		// The first zombie is left to the JDK: the name read is the second one's.
		this.platform.child(50, 500, "jdk").child(51, 510, "orphan").exit(50, ExitStatus.exited(1));
		this.platform.exit(51, ExitStatus.exited(2));
		this.jdkWaitsFor.add(50L);
		ReapRound round = this.strategy.reap(this.platform.childPids(), 0);
		assertThat(round.lastReaped().pid()).isEqualTo(51);
		assertThat(round.lastReaped().command()).isEqualTo("orphan");
	}

}
