package dev.pid1.reaping;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pid1.platform.ExitStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SafeStrategy} against a {@link FakeNativePlatform}, in-process, with the time of
 * each look given. The end-to-end proof against the real kernel is
 * {@link ReaperNamespaceTests}.
 */
class SafeStrategyTests {

	private static final long MS = 1_000_000L;

	private final FakeNativePlatform platform = new FakeNativePlatform(1);

	private final SafeStrategy strategy = new SafeStrategy(this.platform, Duration.ofSeconds(1));

	@Test
	void aZombieIsReapedOnlyOnceItStayedOneForTheGrace() {
		this.platform.child(10, 100, "sh").exit(10, ExitStatus.exited(7));
		ReapRound first = this.strategy.reap(this.platform.childPids(), 0);
		assertThat(first.reaped()).isZero();
		assertThat(first.waiting()).isEqualTo(1);
		assertThat(first.nextDeadline()).isEqualTo(1000 * MS);
		ReapRound early = this.strategy.reap(this.platform.childPids(), 999 * MS);
		assertThat(early.reaped()).isZero();
		assertThat(this.platform.reapCalls).isEmpty();
		ReapRound due = this.strategy.reap(this.platform.childPids(), 1000 * MS);
		assertThat(due.reaped()).isEqualTo(1);
		assertThat(due.waiting()).isZero();
		assertThat(due.hasDeadline()).isFalse();
		assertThat(due.lastReaped().command()).isEqualTo("sh");
		assertThat(due.lastReaped().exitCode()).isEqualTo(7);
		assertThat(this.platform.has(10)).isFalse();
	}

	@Test
	void theGraceStartsWhenTheZombieIsFirstSeenNotWhenTheChildIsFirstSeen() {
		this.platform.child(11, 110, "sleep");
		assertThat(this.strategy.reap(this.platform.childPids(), 0).waiting()).isZero();
		this.platform.exit(11, ExitStatus.exited(0));
		assertThat(this.strategy.reap(this.platform.childPids(), 500 * MS).nextDeadline()).isEqualTo(1500 * MS);
		assertThat(this.strategy.reap(this.platform.childPids(), 1200 * MS).reaped()).isZero();
		assertThat(this.strategy.reap(this.platform.childPids(), 1500 * MS).reaped()).isEqualTo(1);
	}

	@Test
	void aZombieTheJdkReapsDuringTheGraceIsLeftAndForgotten() {
		this.platform.child(12, 120, "java-child").exit(12, ExitStatus.exited(42));
		this.strategy.reap(this.platform.childPids(), 0);
		this.platform.vanish(12);
		ReapRound round = this.strategy.reap(this.platform.childPids(), 2000 * MS);
		assertThat(round.reaped()).isZero();
		assertThat(round.waiting()).isZero();
		assertThat(this.platform.reapCalls).isEmpty();
	}

	@Test
	void aReusedPidIsNeverReapedUnderTheIdentityItHadWhenJudged() {
		this.platform.child(13, 130, "first").exit(13, ExitStatus.exited(1));
		this.strategy.reap(this.platform.childPids(), 0);
		// The JDK reaped it and the pid came back as another process, a zombie at once,
		// between two looks.
		this.platform.vanish(13).child(13, 999, "second").exit(13, ExitStatus.exited(2));
		assertThat(this.strategy.reap(this.platform.childPids(), 600 * MS).waiting()).isEqualTo(1);
		ReapRound due = this.strategy.reap(this.platform.childPids(), 1000 * MS);
		assertThat(due.reaped()).as("the reap names pid and start time").isZero();
		assertThat(this.platform.has(13)).isTrue();
		ReapRound seenAgain = this.strategy.reap(this.platform.childPids(), 1100 * MS);
		assertThat(seenAgain.nextDeadline()).as("a grace of its own").isEqualTo(2100 * MS);
		ReapRound reaped = this.strategy.reap(this.platform.childPids(), 2100 * MS);
		assertThat(reaped.reaped()).isEqualTo(1);
		assertThat(reaped.lastReaped().command()).isEqualTo("second");
		assertThat(reaped.lastReaped().exitCode()).isEqualTo(2);
	}

	@Test
	void aZombieAlreadySeenIsNotStatAgain() {
		this.platform.child(14, 140, "sh").exit(14, ExitStatus.exited(0));
		this.strategy.reap(this.platform.childPids(), 0);
		int reads = this.platform.statReads;
		this.strategy.reap(this.platform.childPids(), 100 * MS);
		this.strategy.reap(this.platform.childPids(), 200 * MS);
		assertThat(this.platform.statReads).isEqualTo(reads);
	}

	@Test
	void theNextDeadlineIsTheEarliestOfTheWaitingZombies() {
		this.platform.child(15, 150, "a").exit(15, ExitStatus.exited(0));
		this.strategy.reap(this.platform.childPids(), 0);
		this.platform.child(16, 160, "b").exit(16, ExitStatus.exited(0));
		ReapRound round = this.strategy.reap(this.platform.childPids(), 300 * MS);
		assertThat(round.waiting()).isEqualTo(2);
		assertThat(round.nextDeadline()).isEqualTo(1000 * MS);
	}

}
