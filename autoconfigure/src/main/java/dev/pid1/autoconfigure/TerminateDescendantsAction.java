package dev.pid1.autoconfigure;

import java.time.Duration;

import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.reaping.ReaperDecision;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.PostCloseAction;

/**
 * Runs the {@link DescendantTerminator} as a step of pid1's shutdown sequence, once the
 * context has closed, within the time left before its hard deadline: the grace shrinks so
 * that SIGKILL and the final reap still fit. The glue between two concerns, so it lives
 * with the wiring: neither {@code reaping} nor {@code shutdown} knows the other.
 *
 * @author pid1 authors
 */
final class TerminateDescendantsAction implements PostCloseAction {

	/** Kept for SIGKILL and the final reap. */
	private static final Duration MARGIN = Duration.ofSeconds(1);

	private final DescendantTerminator terminator;

	private final ZombieReaper reaper;

	TerminateDescendantsAction(DescendantTerminator terminator, ZombieReaper reaper) {
		this.terminator = terminator;
		this.reaper = reaper;
	}

	@Override
	public void afterClose(Duration timeLeft) {
		if (this.reaper.settings().mode() == ReaperMode.OFF) {
			// pid1.reaper.mode=off: pid1 leaves the descendants alone.
			return;
		}
		// Safe mode reaps the last zombies only after its grace: keep that too.
		Duration reapDelay = (this.reaper.decision() instanceof ReaperDecision.Active active)
				? active.strategy().reapDelay() : Duration.ZERO;
		Duration budget = timeLeft.minus(MARGIN.plus(reapDelay));
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
