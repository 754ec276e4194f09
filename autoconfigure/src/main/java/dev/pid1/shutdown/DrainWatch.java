package dev.pid1.shutdown;

import org.jspecify.annotations.Nullable;

/**
 * What the waiters watch during the drain: the arrivals, since when the silence has been
 * watched without a pause, and the connections waiting in the kernel, which hold a drain
 * that would end on silence; the {@link DrainPolicy} decides on them. Only
 * {@link #record} is safe from any thread; {@link ShutdownSequence} calls the rest under
 * its lock.
 *
 * @author pid1 authors
 */
final class DrainWatch {

	private final DrainPolicy policy;

	private final Arrivals arrivals = new Arrivals();

	private final WaitingConnections waitingConnections;

	private final ShutdownClock clock;

	private long start;

	private long previousCheck;

	private long watchedSince;

	private int holds;

	DrainWatch(DrainPolicy policy, WaitingConnections waitingConnections, ShutdownClock clock) {
		this.policy = policy;
		this.waitingConnections = waitingConnections;
		this.clock = clock;
	}

	void record(long nanoTime) {
		this.arrivals.record(nanoTime);
	}

	void begin(long now) {
		this.start = now;
		this.previousCheck = now;
		this.watchedSince = now;
	}

	/**
	 * A waiter looks at the drain: a look later than a tick and the pause tolerance after
	 * the previous one means the waiters were not running, and the silence counts again.
	 * @param now now
	 */
	void tick(long now) {
		this.watchedSince = DrainPolicy.watchedSince(this.previousCheck, this.watchedSince, now);
		this.previousCheck = now;
	}

	/**
	 * The policy's decision now, unless connections wait in the kernel for the app when
	 * it would end the drain on silence: then the silence counts again from now, and the
	 * drain goes on.
	 * @param now now
	 * @param timeline where the first hold is noted
	 * @return the decision
	 */
	DrainPolicy.Decision decide(long now, Timeline timeline) {
		Arrivals.Stats stats = stats();
		DrainPolicy.Decision decision = peek(stats, now);
		if (!decision.ends() || !held(decision.end(), now, timeline)) {
			return decision;
		}
		return peek(stats, now);
	}

	/**
	 * The policy's decision now, without acting on it.
	 * @param stats the arrivals' statistics, {@link #stats()}
	 * @param now now
	 * @return the decision
	 */
	DrainPolicy.Decision peek(Arrivals.Stats stats, long now) {
		return this.policy.decide(this.start, stats, this.watchedSince, now);
	}

	/**
	 * Read under the sequence's lock: a few milliseconds of {@code /proc} at most, once
	 * per would-be end (after a hold, the next is a silence later).
	 */
	private boolean held(@Nullable DrainEnd end, long now, Timeline timeline) {
		int waiting = (end == DrainEnd.QUIET || end == DrainEnd.TRAFFIC_ENDED)
				? this.waitingConnections.count().orElse(0) : 0;
		if (waiting > 0) {
			if (this.holds++ == 0) {
				timeline.add(now, "drain held: " + waiting + " connections wait in the kernel for the app");
			}
			this.watchedSince = this.clock.nanoTime();
		}
		return waiting > 0;
	}

	/**
	 * How the drain ended, in words.
	 * @param decision the decision that ended it
	 * @return its detail, with the holds if there were any
	 */
	@Nullable String detail(DrainPolicy.Decision decision) {
		return (this.holds == 0 || decision.detail() == null) ? decision.detail()
				: decision.detail() + " (held " + this.holds + " times by connections waiting in the kernel)";
	}

	Arrivals.Stats stats() {
		return this.arrivals.stats(this.policy.windowNanos());
	}

	long silenceNeededNanos(Arrivals.Stats stats) {
		return this.policy.silenceNeeded(stats).nanos();
	}

	String describe() {
		return this.policy.describe(stats());
	}

}
