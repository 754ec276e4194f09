package dev.pid1.shutdown;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.Durations;

/**
 * When the drain ends: a pure function of the settings, the start, the arrivals and the
 * clock.
 * <p>
 * The drain ends once the silence since the last request (or since the start, or since
 * the waiter last missed its tick or saw connections waiting in the kernel) lasts the
 * silence needed, not before {@code drainMin}, and at {@code drainMax} at the latest. The
 * silence needed is the quiet period, unless the recent arrivals come at
 * {@link AdaptiveDrain#minRate() the adaptive rate} or more and have been seen for the
 * whole window: then it is {@link AdaptiveDrain#gaps() gaps} mean gaps and 1.5 times the
 * longest recent gap, between {@link AdaptiveDrain#silenceMin() silence-min} and the
 * quiet period. At 100 requests/s a silence of 250 ms is extraordinary; at 1 request/s it
 * is not. Traffic that came up to the drain's start and then not at all gets the quiet
 * period: a stall cannot be told from an end without one request that shows the arrivals
 * still come.
 *
 * @author pid1 authors
 */
final class DrainPolicy {

	/** How often a waiter looks at the drain at least. */
	static final long TICK_NANOS = Duration.ofMillis(50).toNanos();

	/**
	 * A waiter that wakes this much later than its tick was not running (a GC pause, a
	 * starved CPU): the requests that came meanwhile may not be counted yet, so the
	 * silence counts again from then.
	 */
	static final long PAUSE_NANOS = Duration.ofMillis(100).toNanos();

	private final long minNanos;

	private final long maxNanos;

	private final long quietNanos;

	private final AdaptiveDrain adaptive;

	DrainPolicy(Duration drainMin, Duration drainMax, Duration quietPeriod, AdaptiveDrain adaptive) {
		this.minNanos = drainMin.toNanos();
		this.maxNanos = drainMax.toNanos();
		this.quietNanos = quietPeriod.toNanos();
		this.adaptive = adaptive;
	}

	DrainPolicy(ShutdownSettings settings) {
		this(settings.drainMin(), settings.drainMax(), settings.quietPeriod(), settings.adaptive());
	}

	long windowNanos() {
		return this.adaptive.window().toNanos();
	}

	/**
	 * The silence after which the drain ends, given the recent arrivals.
	 * @param arrivals the arrivals
	 * @return the silence needed
	 */
	Silence silenceNeeded(Arrivals.Stats arrivals) {
		if (!this.adaptive.enabled() || !arrivals.covered() || arrivals.count() < 3
				|| arrivals.rate() < this.adaptive.minRate()) {
			return new Silence(this.quietNanos, false, arrivals.rate());
		}
		double needed = Math.max(this.adaptive.gaps() * arrivals.meanGapNanos(),
				AdaptiveDrain.LONGEST_GAP_FACTOR * arrivals.longestGapNanos());
		long nanos = Math.max(this.adaptive.silenceMin().toNanos(), (long) Math.min(needed, this.quietNanos));
		return new Silence(Math.min(nanos, this.quietNanos), true, arrivals.rate());
	}

	String describe(Arrivals.Stats arrivals) {
		Silence silence = silenceNeeded(arrivals);
		return silence.describeRate() + ", silence needed " + Durations.formatNanos(silence.nanos()) + " (min "
				+ Durations.formatNanos(this.minNanos) + ", quiet period " + Durations.formatNanos(this.quietNanos)
				+ ", max " + Durations.formatNanos(this.maxNanos) + ")";
	}

	/**
	 * Decides whether the drain ends now.
	 * @param start when the drain began
	 * @param arrivals the recent arrivals
	 * @param watchedSince since when the waiters have watched without a pause
	 * @param now now
	 * @return the decision
	 */
	Decision decide(long start, Arrivals.Stats arrivals, long watchedSince, long now) {
		long maxEnd = start + this.maxNanos;
		Silence silence = silenceNeeded(arrivals);
		if (now - maxEnd >= 0) {
			return new Decision(DrainEnd.MAXIMUM, "maximum of " + Durations.formatNanos(this.maxNanos) + " reached",
					maxEnd, silence);
		}
		if (silence.adaptive() && unconfirmed(start, arrivals, silence)) {
			silence = new Silence(this.quietNanos, false, silence.rate());
		}
		long since = latest(start, watchedSince);
		if (arrivals.count() > 0) {
			since = latest(since, arrivals.last());
		}
		long target = latest(start + this.minNanos, since + silence.nanos());
		if (target - maxEnd > 0) {
			target = maxEnd;
		}
		if (now - target < 0) {
			return new Decision(null, null, target, silence);
		}
		if (silence.adaptive()) {
			return new Decision(DrainEnd.TRAFFIC_ENDED, "traffic ended: silent for "
					+ Durations.formatNanos(silence.nanos()) + " after " + silence.describeRate(), target, silence);
		}
		return new Decision(DrainEnd.QUIET, "quiet for " + Durations.formatNanos(silence.nanos()), target, silence);
	}

	/**
	 * Whether the traffic came up to the drain's start and not one request since: then
	 * nothing confirms that the arrivals still come as they did (the drain itself turns
	 * keep-alive clients into new connections, which come late on a starved CPU: behind
	 * HAProxy, with 40 busy loops on two cores, no request for 250 ms after SIGTERM while
	 * the proxy still routed), so the quiet period decides. Traffic that had already
	 * stopped for the silence needed before the drain (a preStop sleep, a balancer told
	 * first) is not held.
	 */
	private static boolean unconfirmed(long start, Arrivals.Stats arrivals, Silence silence) {
		return arrivals.count() > 0 && arrivals.last() - start < 0 && start - arrivals.last() < silence.nanos();
	}

	/**
	 * Since when the waiters have watched the drain without a pause.
	 * @param previousCheck the previous look at the drain
	 * @param watchedSince the value so far
	 * @param now now
	 * @return the new value: now, if the previous look was longer ago than a tick and the
	 * pause tolerance
	 */
	static long watchedSince(long previousCheck, long watchedSince, long now) {
		return (now - previousCheck > TICK_NANOS + PAUSE_NANOS) ? now : watchedSince;
	}

	private static long latest(long a, long b) {
		return (a - b >= 0) ? a : b;
	}

	/**
	 * The silence that ends the drain.
	 *
	 * @param nanos how long
	 * @param adaptive whether the arrivals set it (else it is the quiet period)
	 * @param rate the recent rate, requests per second
	 */
	record Silence(long nanos, boolean adaptive, double rate) {

		String describeRate() {
			return String.format(Locale.ROOT, "%.0f requests/s", this.rate);
		}

	}

	/**
	 * A decision.
	 *
	 * @param end how the drain ends, or {@code null} if it goes on
	 * @param detail how it ends, in words, or {@code null}
	 * @param target when it ends if no request arrives any more
	 * @param silence the silence needed
	 */
	record Decision(@Nullable DrainEnd end, @Nullable String detail, long target, Silence silence) {

		boolean ends() {
			return this.end != null;
		}

	}

}
