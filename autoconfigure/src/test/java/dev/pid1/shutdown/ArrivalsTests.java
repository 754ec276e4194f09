package dev.pid1.shutdown;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Arrivals}.
 */
class ArrivalsTests {

	private static final long MS = 1_000_000;

	private static final long WINDOW = Duration.ofSeconds(3).toNanos();

	@Test
	void noArrivals() {
		assertThat(new Arrivals().stats(WINDOW).count()).isZero();
	}

	@Test
	void statisticsOfTheWindowBeforeTheLatestArrivalAcrossTheNanoTimeWrapAround() {
		Arrivals arrivals = new Arrivals();
		long base = Long.MAX_VALUE - 1000 * MS;
		// Old traffic outside the window, then 100 arrivals 10 ms apart with one 50 ms
		// gap, recorded out of order as request threads do.
		arrivals.record(base - 10_000 * MS);
		long t = base;
		for (int i = 0; i < 100; i++) {
			t += (i == 50) ? 50 * MS : 10 * MS;
			arrivals.record((i % 2 == 0) ? t : t - 3 * MS);
		}
		Arrivals.Stats stats = arrivals.stats(WINDOW);
		assertThat(stats.count()).isEqualTo(100);
		assertThat(stats.last()).isEqualTo(t - 3 * MS);
		assertThat(stats.longestGapNanos()).isBetween(50 * MS, 56 * MS);
		assertThat(stats.rate()).isEqualTo(100 / 3.0);
		assertThat(stats.meanGapNanos()).isEqualTo(30 * MS);
		assertThat(stats.covered()).isTrue();
	}

	@Test
	void trafficThatBeganJustNowDoesNotCoverTheWindow() {
		Arrivals arrivals = new Arrivals();
		for (int i = 0; i < 1000; i++) {
			arrivals.record(i * MS);
		}
		assertThat(arrivals.stats(WINDOW).covered()).isFalse();
		arrivals.record(3000 * MS);
		assertThat(arrivals.stats(WINDOW).covered()).isTrue();
	}

	@Test
	void keepsTheLatestArrivalsOnly() {
		Arrivals arrivals = new Arrivals();
		for (int i = 0; i < Arrivals.CAPACITY * 2; i++) {
			arrivals.record(i * MS);
		}
		Arrivals.Stats stats = arrivals.stats(Duration.ofMinutes(1).toNanos());
		assertThat(stats.count()).isEqualTo(Arrivals.CAPACITY);
		assertThat(stats.last()).isEqualTo((Arrivals.CAPACITY * 2 - 1) * MS);
	}

}
