package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an orphan storm left behind.
 *
 * @param startup pid1's report before the storm
 * @param skipped why the storm could not run (no shell in the image), {@code null} when
 * it ran
 * @param orphans how many orphans the storm made
 * @param zombiesLeft zombies in the container at the end
 * @param timeToNoZombies from the end of the storm to no zombie, {@code null} when some
 * were left
 * @param childrenChecked how many of the app's child processes had their exit code
 * checked
 * @param wrongExitCodes the children whose {@code waitFor()} was wrong
 * @param reaped zombies pid1 reports reaped, {@code null} when unknown
 * @author pid1 authors
 */
public record ReapingReport(StartupReport startup, @Nullable String skipped, int orphans, long zombiesLeft,
		@Nullable Duration timeToNoZombies, long childrenChecked, List<String> wrongExitCodes, @Nullable Long reaped) {

	/**
	 * The report in one line.
	 * @return the summary
	 */
	public String summary() {
		if (this.skipped != null) {
			return "orphan storm skipped: " + this.skipped;
		}
		return "orphan storm of " + this.orphans + ": " + this.zombiesLeft + " zombies left"
				+ ((this.timeToNoZombies != null)
						? " (none " + this.timeToNoZombies.toMillis() + " ms after the storm)" : "")
				+ ((this.reaped != null) ? ", pid1 reaped " + this.reaped : "")
				+ ((this.childrenChecked > 0)
						? "; " + this.wrongExitCodes.size() + " wrong of " + this.childrenChecked + " child exit codes"
						: "");
	}

}
