package dev.pid1.testcontainers;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an orphan storm's outcome; failures say why, with the fix.
 *
 * @author pid1 authors
 */
public class ReapingReportAssert extends AbstractAssert<ReapingReportAssert, ReapingReport> {

	ReapingReportAssert(ReapingReport actual) {
		super(actual, ReapingReportAssert.class);
	}

	/**
	 * The storm ran and no zombie is left.
	 * @return this
	 */
	public ReapingReportAssert leftNoZombies() {
		ran();
		if (this.actual.zombiesLeft() > 0) {
			failWithMessage("%s", this.actual.zombiesLeft() + " zombies were left after an orphan storm of "
					+ this.actual.orphans() + Advice.forReaping(this.actual) + "\n" + this.actual.summary());
		}
		return this;
	}

	/**
	 * Every child process the app started got its own exit code from
	 * {@code Process.waitFor()}.
	 * @return this
	 */
	public ReapingReportAssert keptChildExitCodes() {
		ran();
		if (this.actual.childrenChecked() == 0) {
			failWithMessage("%s", "No child process was checked: give the app's endpoint with"
					+ " OrphanStorm.childProcesses(path)"
					+ (this.actual.wrongExitCodes().isEmpty() ? "" : " (" + this.actual.wrongExitCodes().get(0) + ")"));
		}
		if (!this.actual.wrongExitCodes().isEmpty()) {
			failWithMessage("%s", this.actual.wrongExitCodes().size() + " of " + this.actual.childrenChecked()
					+ " child processes got a wrong exit code, first: " + this.actual.wrongExitCodes().get(0)
					+ ". Something reaped them before the JDK did: a reaper that calls waitpid(-1) steals them");
		}
		return this;
	}

	private void ran() {
		isNotNull();
		if (this.actual.skipped() != null) {
			failWithMessage("%s", "The orphan storm could not run: " + this.actual.skipped());
		}
	}

}
