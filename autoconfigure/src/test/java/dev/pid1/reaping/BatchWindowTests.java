package dev.pid1.reaping;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BatchWindow}: how long the reaper lets exits queue up before it looks.
 */
class BatchWindowTests {

	private final BatchWindow window = new BatchWindow(Duration.ofMillis(1), Duration.ofMillis(8));

	@Test
	void aLoneExitIsLookedAtAfterTheShortestWindow() {
		assertThat(this.window.nanos()).isEqualTo(Duration.ofMillis(1).toNanos());
		this.window.reaped(1);
		assertThat(this.window.nanos()).isEqualTo(Duration.ofMillis(1).toNanos());
	}

	@Test
	void aStormWidensTheWindowUpToTheMaximum() {
		long[] windows = new long[5];
		for (int i = 0; i < windows.length; i++) {
			this.window.reaped(3);
			windows[i] = Duration.ofNanos(this.window.nanos()).toMillis();
		}
		assertThat(windows).containsExactly(2, 4, 8, 8, 8);
	}

	@Test
	void theEndOfAStormNarrowsItAtOnce() {
		this.window.reaped(20);
		this.window.reaped(20);
		this.window.reaped(0);
		assertThat(this.window.nanos()).isEqualTo(Duration.ofMillis(1).toNanos());
	}

	@Test
	void aMaximumBelowTheMinimumIsTheMinimum() {
		BatchWindow fixed = new BatchWindow(Duration.ofMillis(2), Duration.ofMillis(1));
		fixed.reaped(100);
		assertThat(fixed.nanos()).isEqualTo(Duration.ofMillis(2).toNanos());
	}

}
