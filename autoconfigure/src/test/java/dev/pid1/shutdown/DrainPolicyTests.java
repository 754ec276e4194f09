package dev.pid1.shutdown;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.pid1.shutdown.ArrivalPatterns.Outcome;

import static dev.pid1.shutdown.ArrivalPatterns.bursts;
import static dev.pid1.shutdown.ArrivalPatterns.concat;
import static dev.pid1.shutdown.ArrivalPatterns.constant;
import static dev.pid1.shutdown.ArrivalPatterns.pause;
import static dev.pid1.shutdown.ArrivalPatterns.poisson;
import static dev.pid1.shutdown.ArrivalPatterns.simulate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DrainPolicy}: synthetic and recorded arrivals (ms relative to
 * SIGTERM), a balancer that stops routing {@code LAG} ms after SIGTERM, a fake clock.
 * "Failed" are the requests that arrive after the drain ended: the balancer still routed
 * to an app that had stopped accepting.
 */
class DrainPolicyTests {

	private static final double LAG = 3000;

	/** The goal: SIGTERM to exit within LAG + 0.5 s; the close takes up to 100 ms. */
	private static final long GOAL = 400;

	private final DrainPolicy defaults = policy(Duration.ZERO, AdaptiveDrain.defaults());

	@Test
	void at1000RequestsPerSecondTheDrainEndsSoonAfterTheRoutingStops() {
		Outcome outcome = simulate(this.defaults, constant(1000, -10_000, LAG));
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.end()).isEqualTo(DrainEnd.TRAFFIC_ENDED);
		assertThat(outcome.endMillis() - (long) LAG).isBetween(0L, GOAL);
		assertThat(outcome.silence().nanos()).isEqualTo(Duration.ofMillis(250).toNanos());
	}

	@Test
	void at20RequestsPerSecondTheGoalStillHolds() {
		Outcome outcome = simulate(this.defaults, constant(20, -10_000, LAG));
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.end()).isEqualTo(DrainEnd.TRAFFIC_ENDED);
		assertThat(outcome.endMillis() - (long) LAG).isBetween(0L, GOAL);
	}

	@Test
	void poissonTrafficAt100RequestsPerSecondLosesNothingOverManyRuns() {
		for (long seed = 1; seed <= 30; seed++) {
			Outcome outcome = simulate(this.defaults, poisson(100, -10_000, LAG, seed));
			assertThat(outcome.failed()).as("seed %d", seed).isZero();
			assertThat(outcome.endMillis() - (long) LAG).as("seed %d", seed).isBetween(-10L, GOAL);
		}
	}

	@Test
	void belowTheAdaptiveRateTheQuietPeriodIsTheFloor() {
		Outcome outcome = simulate(this.defaults, constant(5, -10_000, LAG));
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.end()).isEqualTo(DrainEnd.QUIET);
		// The last request came at LAG - 200 ms at the latest; then 2 s of quiet.
		assertThat(outcome.endMillis()).isBetween((long) LAG - 200 + 2000, (long) LAG + 2000 + 10);
	}

	@Test
	void poissonTrafficAt5RequestsPerSecondLosesNothing() {
		for (long seed = 1; seed <= 30; seed++) {
			Outcome outcome = simulate(this.defaults, poisson(5, -10_000, LAG, seed));
			assertThat(outcome.failed()).as("seed %d", seed).isLessThanOrEqualTo(poissonGapsOver2s(seed));
		}
	}

	/** A Poisson stream at 5 req/s has a 2 s gap now and then: the only loss allowed. */
	private static int poissonGapsOver2s(long seed) {
		double[] times = poisson(5, -10_000, LAG, seed);
		for (int i = 1; i < times.length; i++) {
			if (times[i] > 0 && times[i] - Math.max(times[i - 1], 0) >= 2000) {
				return Integer.MAX_VALUE;
			}
		}
		return 0;
	}

	@Test
	void withoutAnyTrafficTheDrainLastsTheQuietPeriod() {
		Outcome outcome = simulate(this.defaults, new double[0]);
		assertThat(outcome.end()).isEqualTo(DrainEnd.QUIET);
		assertThat(outcome.endMillis()).isEqualTo(2000);
	}

	@Test
	void trafficThatBeganJustBeforeSigtermWaitsForTheQuietPeriod() {
		// A balancer that only just started routing here, and stalls for 300 ms during
		// the drain: too little evidence for the adaptive rule, the quiet period holds.
		double[] traffic = pause(constant(500, -1000, LAG), 1000, 1300);
		Outcome outcome = simulate(this.defaults, traffic);
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.end()).isEqualTo(DrainEnd.QUIET);
	}

	@Test
	void drainMinHoldsWhateverTheTraffic() {
		Outcome outcome = simulate(policy(Duration.ofSeconds(5), AdaptiveDrain.defaults()),
				constant(1000, -10_000, 1000));
		assertThat(outcome.endMillis()).isEqualTo(5000);
		assertThat(outcome.failed()).isZero();
	}

	@Test
	void drainMaxEndsADrainThatNeverGoesQuiet() {
		Outcome outcome = simulate(this.defaults, constant(100, -10_000, 60_000));
		assertThat(outcome.end()).isEqualTo(DrainEnd.MAXIMUM);
		assertThat(outcome.endMillis()).isEqualTo(20_000);
	}

	@Test
	void burstyTrafficNeedsASilenceLongerThanItsGaps() {
		// 50 requests within 20 ms, every second: 50 req/s on average, but 980 ms gaps.
		Outcome outcome = simulate(this.defaults, bursts(50, 20, 1000, -10_000, LAG));
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.silence().nanos()).isGreaterThan(Duration.ofMillis(1400).toNanos());
	}

	@Test
	void burstsAlmostAQuietPeriodApartLoseNothing() {
		// 200 requests within 100 ms every 1.8 s: the silence needed is the quiet period.
		Outcome outcome = simulate(this.defaults, bursts(200, 100, 1800, -12_600, 9000 - 1800 * 3));
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.silence().nanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void gapsLongerThanTheQuietPeriodWereAndAreAFailureMode() {
		// Bursts 2.5 s apart: the quiet period (2 s) caps the silence needed.
		double[] traffic = bursts(200, 100, 2500, -15_000, 10_000);
		assertThat(simulate(this.defaults, traffic).failed()).isPositive();
		DrainPolicy patient = new DrainPolicy(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(5),
				AdaptiveDrain.defaults());
		assertThat(simulate(patient, traffic).endMillis()).isGreaterThan(10_000);
	}

	@Test
	void aBalancerThatPausedBeforeIsLearnedFrom() {
		// 200 req/s with a 400 ms pause every 2 s: the window holds one, the silence
		// needed is 1.5 times as long.
		double[] traffic = constant(200, -12_000, LAG);
		for (double at = -11_500; at < LAG; at += 2000) {
			traffic = pause(traffic, at, at + 400);
		}
		Outcome outcome = simulate(this.defaults, traffic);
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.silence().nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(600).toNanos());
	}

	@Test
	void aFirstPauseLongerThanTheSilenceNeededEndsTheDrainTooSoon() {
		// The documented failure mode: nothing in the arrivals announced this pause.
		double[] traffic = pause(constant(200, -10_000, LAG), 1000, 1400);
		assertThat(simulate(this.defaults, traffic).failed()).isPositive();
		// A longer silence-min covers pauses up to its length.
		AdaptiveDrain patient = new AdaptiveDrain(true, 20, 8, Duration.ofMillis(500), Duration.ofSeconds(10));
		assertThat(simulate(policy(Duration.ZERO, patient), traffic).failed()).isZero();
	}

	@Test
	void trafficThatFadesAsBalancersStopOneByOneLosesNothing() {
		double[] traffic = concat(constant(1000, -10_000, 1000), constant(100, 1000, 2000), constant(10, 2000, LAG));
		Outcome outcome = simulate(this.defaults, traffic);
		assertThat(outcome.failed()).isZero();
		assertThat(outcome.endMillis() - (long) LAG).isBetween(0L, GOAL);
	}

	@Test
	void routingThatStoppedBeforeSigtermEndsTheDrainAfterTheMinimumSilence() {
		// A preStop sleep, or a balancer told first: nothing came for a while before
		// SIGTERM, nor after it.
		Outcome outcome = simulate(this.defaults, constant(1000, -10_000, -1000));
		assertThat(outcome.end()).isEqualTo(DrainEnd.TRAFFIC_ENDED);
		assertThat(outcome.endMillis()).isEqualTo(250);
	}

	@Test
	void trafficThatStopsAtSigtermExactlyGetsTheQuietPeriod() {
		// Up to SIGTERM and not one request after: a stall (a starved proxy, clients
		// reconnecting on a starved CPU) looks the same as an end, so the quiet period.
		Outcome outcome = simulate(this.defaults, constant(1000, -10_000, 0));
		assertThat(outcome.end()).isEqualTo(DrainEnd.QUIET);
		assertThat(outcome.endMillis()).isBetween(2000L - 10, 2000L + 10);
		// One that resumes within it loses nothing.
		double[] stalled = concat(constant(300, -10_000, 0), constant(300, 600, LAG));
		assertThat(simulate(this.defaults, stalled).failed()).isZero();
	}

	@Test
	void withoutTheAdaptiveRuleHighTrafficWaitsForTheQuietPeriod() {
		AdaptiveDrain off = new AdaptiveDrain(false, 20, 8, Duration.ofMillis(250), Duration.ofSeconds(10));
		Outcome outcome = simulate(policy(Duration.ZERO, off), constant(1000, -10_000, LAG));
		assertThat(outcome.end()).isEqualTo(DrainEnd.QUIET);
		assertThat(outcome.endMillis()).isBetween((long) LAG + 2000 - 10, (long) LAG + 2000 + 10);
	}

	@Test
	void aWaiterThatWakesLateCountsTheSilenceAgainFromThen() {
		long tick = DrainPolicy.TICK_NANOS;
		assertThat(DrainPolicy.watchedSince(0, 0, tick)).isZero();
		assertThat(DrainPolicy.watchedSince(0, 0, tick + DrainPolicy.PAUSE_NANOS + 1))
			.isEqualTo(tick + DrainPolicy.PAUSE_NANOS + 1);
		// After a 300 ms pause of the JVM, 1000 req/s until 1 s before the drain: the
		// silence has not been watched, so the drain goes on.
		Arrivals arrivals = new Arrivals();
		long start = FakeClock.ORIGIN;
		for (int i = 0; i < 11_000; i++) {
			arrivals.record(start - Duration.ofMillis(12_000 - i).toNanos());
		}
		long now = start + Duration.ofMillis(300).toNanos();
		long watched = DrainPolicy.watchedSince(start, start, now);
		Arrivals.Stats stats = arrivals.stats(this.defaults.windowNanos());
		assertThat(this.defaults.decide(start, stats, watched, now).ends()).isFalse();
		assertThat(this.defaults.decide(start, stats, start, now).ends()).isTrue();
	}

	@Test
	void recordedBehindHAProxyOnABusyMachine() throws Exception {
		// 200 req/s through HAProxy on a machine at load average 76, with stalls of the
		// whole machine of up to 1334 ms (p99.9 305 ms). SIGTERM at every 250 ms of the
		// recording, 10 s of traffic before it, routing for up to 19 s after it.
		double[] recorded = ArrivalPatterns.recorded("haproxy-200rps-loaded.txt", 0);
		assertThat(replay(this.defaults, recorded)).as("gaps in which a drain ended too soon").isEmpty();
	}

	/** The gaps (ms) in which a drain ended while requests still came, one per run. */
	private static java.util.List<Double> replay(DrainPolicy policy, double[] recorded) {
		java.util.List<Double> gaps = new java.util.ArrayList<>();
		// The routing ends before drain-max (20 s), and 10 s of traffic come before
		// SIGTERM.
		for (double end = 500; end < Math.min(19_000, -recorded[0] - 10_000); end += 250) {
			double shift = end;
			double[] traffic = Arrays.stream(recorded).map((t) -> t + shift).toArray();
			Outcome outcome = simulate(policy, traffic);
			if (outcome.failed() > 0) {
				double before = Arrays.stream(traffic).filter((t) -> t <= outcome.endMillis()).max().orElseThrow();
				double after = Arrays.stream(traffic).filter((t) -> t > outcome.endMillis()).min().orElseThrow();
				gaps.add(after - before);
			}
		}
		return gaps;
	}

	private static DrainPolicy policy(Duration drainMin, AdaptiveDrain adaptive) {
		return new DrainPolicy(drainMin, Duration.ofSeconds(20), Duration.ofSeconds(2), adaptive);
	}

}
