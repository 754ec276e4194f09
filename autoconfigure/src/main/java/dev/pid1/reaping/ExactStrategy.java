package dev.pid1.reaping;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ReapAttempt;

/**
 * Exact mode: the JDK's registry of the children it waits for is the judge, so there is
 * no grace to track. Each child is pinned, asked whether it has exited and, unless the
 * JDK waits for it, reaped, without reading {@code /proc} (but for the command name of
 * one reaped zombie per round, for {@code lastReaped}).
 *
 * @author pid1 authors
 */
final class ExactStrategy implements ReapStrategy {

	private final NativePlatform platform;

	private final LongPredicate jdkWaitsFor;

	/**
	 * Creates the strategy.
	 * @param platform the platform that reaps
	 * @param jdkWaitsFor whether the JDK has a reaper thread waiting for a pid
	 */
	ExactStrategy(NativePlatform platform, LongPredicate jdkWaitsFor) {
		this.platform = platform;
		this.jdkWaitsFor = jdkWaitsFor;
	}

	@Override
	public String name() {
		return "exact";
	}

	@Override
	public Duration reapDelay() {
		return Duration.ZERO;
	}

	@Override
	public ReapRound reap(List<Long> children, long now) {
		Judge judge = new Judge();
		int reaped = 0;
		int waiting = 0;
		@Nullable ReapedProcess last = null;
		for (long pid : children) {
			judge.readComm = (last == null);
			judge.comm = null;
			ReapAttempt attempt = this.platform.reapIfExited(pid, judge);
			ExitStatus status = attempt.status();
			if (status != null) {
				reaped++;
				if (judge.comm != null) {
					last = ReapedProcess.of(pid, judge.comm, status);
				}
			}
			else if (attempt.exited()) {
				waiting++;
			}
		}
		return new ReapRound(reaped, waiting, ReapRound.NO_DEADLINE, last);
	}

	/**
	 * Accepts a zombie the JDK does not wait for and, when asked to, reads its command
	 * name while the pid is still pinned.
	 */
	private final class Judge implements LongPredicate {

		private boolean readComm;

		private @Nullable String comm;

		@Override
		public boolean test(long pid) {
			if (ExactStrategy.this.jdkWaitsFor.test(pid)) {
				return false;
			}
			if (this.readComm) {
				this.comm = ExactStrategy.this.platform.procFs().read(pid + "/comm").map(String::trim).orElse("?");
			}
			return true;
		}

	}

}
