package dev.pid1.shutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pid1.platform.Signals;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SignalBursts}.
 */
class SignalBurstsTests {

	private static final long MS = 1_000_000;

	@Test
	void twentySigtermsWithinATenthOfASecondAreOneSignal() {
		SignalBursts bursts = new SignalBursts(Duration.ofSeconds(1));
		long t = Long.MAX_VALUE - 50 * MS;
		assertThat(bursts.classify(Signals.SIGTERM, t)).isOne();
		for (int i = 1; i < 20; i++) {
			assertThat(bursts.classify(Signals.SIGTERM, t + i * 5 * MS)).isZero();
		}
		assertThat(bursts.separate()).isOne();
		assertThat(bursts.repeats()).isEqualTo(19);
	}

	@Test
	void theSameSignalAfterTheWindowIsSeparate() {
		SignalBursts bursts = new SignalBursts(Duration.ofSeconds(1));
		assertThat(bursts.classify(Signals.SIGTERM, 0)).isOne();
		assertThat(bursts.classify(Signals.SIGTERM, 1000 * MS)).isZero();
		assertThat(bursts.classify(Signals.SIGTERM, 1001 * MS)).isEqualTo(2);
		// The window runs from the first signal of each burst: a steady repeater does
		// not hold the escalation off forever.
		assertThat(bursts.classify(Signals.SIGTERM, 1500 * MS)).isZero();
		assertThat(bursts.classify(Signals.SIGTERM, 2002 * MS)).isEqualTo(3);
	}

	@Test
	void aDifferentSignalIsSeparate() {
		SignalBursts bursts = new SignalBursts(Duration.ofSeconds(1));
		assertThat(bursts.classify(Signals.SIGTERM, 0)).isOne();
		assertThat(bursts.classify(Signals.SIGINT, 10 * MS)).isEqualTo(2);
	}

	@Test
	void aWindowOfZeroCountsEverySignal() {
		SignalBursts bursts = new SignalBursts(Duration.ZERO);
		assertThat(bursts.classify(Signals.SIGTERM, 0)).isOne();
		assertThat(bursts.classify(Signals.SIGTERM, 1)).isEqualTo(2);
		assertThat(bursts.classify(Signals.SIGTERM, 2)).isEqualTo(3);
	}

}
