package dev.pid1.reaping;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;

/**
 * Safe mode: a zombie is reaped only after it stayed one, same pid and same start time,
 * for the grace. The JDK waits for its own children at once, so a zombie still unreaped
 * after the grace is not the JDK's to take. Only pids not yet seen as zombies are
 * stat-ed; each reap is exact (pid and start time, through a pidfd).
 *
 * @author pid1 authors
 */
final class SafeStrategy implements ReapStrategy {

	private final NativePlatform platform;

	private final Duration grace;

	private final Map<Long, Tracked> tracked = new HashMap<>();

	/**
	 * Creates the strategy.
	 * @param platform the platform that reaps
	 * @param grace how long a zombie must stay one before it is reaped
	 */
	SafeStrategy(NativePlatform platform, Duration grace) {
		this.platform = platform;
		this.grace = grace;
	}

	@Override
	public String name() {
		return "safe";
	}

	@Override
	public Duration reapDelay() {
		return this.grace;
	}

	@Override
	public ReapRound reap(List<Long> children, long now) {
		ProcFs procFs = this.platform.procFs();
		long graceNanos = this.grace.toNanos();
		Set<Long> seen = new HashSet<>(children.size() * 2);
		int reaped = 0;
		int waiting = 0;
		long deadline = ReapRound.NO_DEADLINE;
		@Nullable ReapedProcess last = null;
		for (long pid : children) {
			seen.add(pid);
			Tracked entry = this.tracked.get(pid);
			if (entry == null || !entry.zombie) {
				Optional<ProcessStat> stat = procFs.stat(pid);
				if (stat.isEmpty()) {
					this.tracked.remove(pid);
					continue;
				}
				if (entry == null || entry.startTime != stat.get().startTime()) {
					entry = new Tracked(stat.get().startTime(), stat.get().comm());
					this.tracked.put(pid, entry);
				}
				if (!stat.get().isZombie()) {
					continue;
				}
				entry.zombie = true;
				entry.zombieSince = now;
			}
			if (now - entry.zombieSince >= graceNanos) {
				Optional<ExitStatus> status = this.platform.reap(pid, entry.startTime);
				this.tracked.remove(pid);
				if (status.isPresent()) {
					reaped++;
					last = ReapedProcess.of(pid, entry.comm, status.get());
				}
			}
			else {
				waiting++;
				deadline = Math.min(deadline, entry.zombieSince + graceNanos);
			}
		}
		this.tracked.keySet().retainAll(seen);
		return new ReapRound(reaped, waiting, deadline, last);
	}

	/** A child seen before: its identity, and since when it is a zombie. */
	private static final class Tracked {

		final long startTime;

		final String comm;

		boolean zombie;

		long zombieSince;

		Tracked(long startTime, String comm) {
			this.startTime = startTime;
			this.comm = comm;
		}

	}

}
