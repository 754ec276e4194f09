package dev.pid1.reaping;

import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What the reaper has done so far: written by the reaping rounds (one at a time), read by
 * the endpoint and the meters at any time.
 *
 * @author pid1 authors
 */
final class ReaperStatistics {

	private final AtomicLong reaped = new AtomicLong();

	private volatile int zombies;

	private volatile int peakZombies;

	private volatile @Nullable ReapedProcess lastReaped;

	void record(ReapRound round) {
		this.reaped.addAndGet(round.reaped());
		this.zombies = round.waiting();
		if (round.waiting() + round.reaped() > this.peakZombies) {
			this.peakZombies = round.waiting() + round.reaped();
		}
		if (round.lastReaped() != null) {
			this.lastReaped = round.lastReaped();
		}
	}

	/** No child has exited: nothing waits to be reaped. */
	void noZombies() {
		this.zombies = 0;
	}

	long reaped() {
		return this.reaped.get();
	}

	int zombies() {
		return this.zombies;
	}

	int peakZombies() {
		return this.peakZombies;
	}

	@Nullable ReapedProcess lastReaped() {
		return this.lastReaped;
	}

}
