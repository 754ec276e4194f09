package dev.pid1.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Arrival times (milliseconds relative to SIGTERM) of synthetic and recorded traffic, and
 * a simulation of the drain over them.
 */
final class ArrivalPatterns {

	private ArrivalPatterns() {
	}

	/** Constant rate: one request every 1/rate s from {@code from} until {@code to}. */
	static double[] constant(double rate, double from, double to) {
		int n = (int) Math.floor((to - from) * rate / 1000);
		double[] times = new double[n];
		for (int i = 0; i < n; i++) {
			times[i] = from + i * 1000 / rate;
		}
		return times;
	}

	/** Poisson arrivals: independent clients, exponential gaps. */
	static double[] poisson(double rate, double from, double to, long seed) {
		Random random = new Random(seed);
		double[] times = new double[(int) ((to - from) * rate / 1000 * 2 + 100)];
		int n = 0;
		double t = from;
		while (true) {
			t += -Math.log(1 - random.nextDouble()) * 1000 / rate;
			if (t >= to) {
				break;
			}
			times[n++] = t;
		}
		return Arrays.copyOf(times, n);
	}

	/** Bursts of {@code size} requests within {@code spanMs}, every {@code periodMs}. */
	static double[] bursts(int size, double spanMs, double periodMs, double from, double to) {
		return LongStream.range(0, (long) ((to - from) / periodMs))
			.mapToObj((burst) -> constant(size * 1000 / spanMs, from + burst * periodMs,
					from + burst * periodMs + spanMs))
			.flatMapToDouble(Arrays::stream)
			.toArray();
	}

	/** Leaves out the arrivals in [from, to). */
	static double[] pause(double[] times, double from, double to) {
		return Arrays.stream(times).filter((t) -> t < from || t >= to).toArray();
	}

	static double[] concat(double[]... parts) {
		return Arrays.stream(parts).flatMapToDouble(Arrays::stream).sorted().toArray();
	}

	/**
	 * A recorded pattern: the gaps, one per line in microseconds, between the arrivals,
	 * replayed so that the last arrival comes at {@code lagMs}.
	 */
	static double[] recorded(String resource, double lagMs) throws IOException {
		try (InputStream in = ArrivalPatterns.class.getResourceAsStream(resource)) {
			long[] gaps = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.mapToLong(Long::parseLong)
				.toArray();
			double[] times = new double[gaps.length + 1];
			for (int i = 1; i < times.length; i++) {
				times[i] = times[i - 1] + gaps[i - 1] / 1000.0;
			}
			double shift = lagMs - times[times.length - 1];
			return Arrays.stream(times).map((t) -> t + shift).toArray();
		}
	}

	/**
	 * Runs the policy over arrivals, looking every 10 ms as the waiters do, from SIGTERM
	 * (time 0).
	 * @param policy the policy
	 * @param times the arrival times, ms relative to SIGTERM
	 * @return when and how the drain ended, and how many requests came after it
	 */
	static Outcome simulate(DrainPolicy policy, double[] times) {
		double[] sorted = times.clone();
		Arrays.sort(sorted);
		Arrivals arrivals = new Arrivals();
		long start = FakeClock.ORIGIN;
		int next = 0;
		for (long t = 0; t <= 120_000; t += 10) {
			while (next < sorted.length && sorted[next] <= t) {
				arrivals.record(start + (long) (sorted[next] * 1_000_000));
				next++;
			}
			long now = start + t * 1_000_000;
			DrainPolicy.Decision decision = policy.decide(start, arrivals.stats(policy.windowNanos()), start, now);
			if (decision.ends()) {
				return new Outcome(t, decision.end(), sorted.length - next, decision.silence());
			}
		}
		throw new AssertionError("the drain never ended");
	}

	/**
	 * How a simulated drain ended.
	 *
	 * @param endMillis when, after SIGTERM
	 * @param end how
	 * @param failed requests that came after it (the balancer still routed)
	 * @param silence the silence needed at the end
	 */
	record Outcome(long endMillis, DrainEnd end, int failed, DrainPolicy.Silence silence) {

	}

}
