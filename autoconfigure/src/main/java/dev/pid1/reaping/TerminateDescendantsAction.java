package dev.pid1.reaping;

import java.time.Duration;

import dev.pid1.shutdown.PostCloseAction;

/**
 * Runs the {@link DescendantTerminator} as a step of pid1's shutdown sequence, once the
 * context has closed, within the time left before its hard deadline: the grace shrinks so
 * that SIGKILL and the final reap still fit.
 *
 * @author pid1 authors
 */
public class TerminateDescendantsAction implements PostCloseAction {

	/** Kept for SIGKILL and the final reap. */
	private static final Duration MARGIN = Duration.ofSeconds(1);

	private final DescendantTerminator terminator;

	private final ZombieReaper reaper;

	public TerminateDescendantsAction(DescendantTerminator terminator, ZombieReaper reaper) {
		this.terminator = terminator;
		this.reaper = reaper;
	}

	@Override
	public void afterClose(Duration timeLeft) {
		Duration reserve = MARGIN
			.plus((this.reaper.mode() == ReaperMode.SAFE) ? this.reaper.settings().grace() : Duration.ZERO);
		Duration budget = timeLeft.minus(reserve);
		Duration grace = this.terminator.grace();
		if (budget.compareTo(grace) < 0) {
			grace = budget.isNegative() ? Duration.ZERO : budget;
		}
		this.terminator.terminate(grace);
	}

	@Override
	public String toString() {
		return "stop the descendants left (SIGTERM, " + this.terminator.grace().toMillis() + " ms grace, SIGKILL)";
	}

}
