package dev.pid1.reaping;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.pid1.platform.ExitStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReaperLoop} in-process, over a {@link FakeNativePlatform} and scripted rounds:
 * what it asks the kernel between rounds.
 */
class ReaperLoopTests {

	private final FakeNativePlatform platform = new FakeNativePlatform(1);

	private final List<Throwable> died = new ArrayList<>();

	@Test
	void afterARoundThatReapedItSleepsUntilTheNextExitWithoutAnotherLook() {
		// A storm: an exited child is always there, so each wait returns at once.
		this.platform.child(10, 100, "sh").exit(10, ExitStatus.exited(0));
		run(new ReapRound(3, 0, ReapRound.NO_DEADLINE, null), new ReapRound(5, 0, ReapRound.NO_DEADLINE, null),
				new ReapRound(2, 0, ReapRound.NO_DEADLINE, null));
		assertThat(this.platform.peeks.get()).as("no peek after a round that reaped").isZero();
		assertThat(this.platform.waits.get()).isEqualTo(3);
		assertThat(this.died).isEmpty();
	}

	@Test
	void zombiesOnlyTheJdkMayReapAreLookedAtAndWaitedOutNotWaitedForInTheKernel() {
		// Exact mode: the exited child is the JDK's, so a wait in the kernel would
		// return at once until the JDK has taken it.
		this.platform.child(10, 100, "sh").exit(10, ExitStatus.exited(0));
		run(new ReapRound(0, 1, ReapRound.NO_DEADLINE, null), new ReapRound(0, 1, ReapRound.NO_DEADLINE, null));
		assertThat(this.platform.peeks.get()).isEqualTo(2);
		assertThat(this.platform.waits.get()).isZero();
	}

	@Test
	void zombiesWaitingOutTheirGraceAreNotWaitedForInTheKernel() {
		// Safe mode: the exited child stays until its grace runs out, so a wait in the
		// kernel would return at once, again and again.
		this.platform.child(10, 100, "sh").exit(10, ExitStatus.exited(0));
		long deadline = System.nanoTime() + Duration.ofMillis(5).toNanos();
		run(new ReapRound(1, 1, deadline, null), new ReapRound(0, 1, deadline, null));
		assertThat(this.platform.waits.get()).isZero();
	}

	/** Runs the loop over these rounds, then stops it at the next round. */
	private void run(ReapRound... rounds) {
		Deque<ReapRound> script = new ArrayDeque<>(List.of(rounds));
		ReaperLoop[] loop = new ReaperLoop[1];
		Supplier<ReapRound> round = () -> {
			if (script.isEmpty()) {
				loop[0].stop();
				return ReapRound.NOTHING;
			}
			return script.poll();
		};
		loop[0] = new ReaperLoop(this.platform, Duration.ofMillis(5), round, this.died::add, new ReaperStatistics());
		loop[0].run();
	}

}
