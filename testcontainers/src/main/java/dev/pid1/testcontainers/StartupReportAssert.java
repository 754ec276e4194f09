package dev.pid1.testcontainers;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on pid1's startup report; failures carry pid1's own fix.
 *
 * @author pid1 authors
 */
public class StartupReportAssert extends AbstractAssert<StartupReportAssert, StartupReport> {

	StartupReportAssert(StartupReport actual) {
		super(actual, StartupReportAssert.class);
	}

	/**
	 * The signal path is graceful and pid1 is active (present, not inert).
	 * @return this
	 */
	public StartupReportAssert isGraceful() {
		isNotNull();
		if (!this.actual.problems().isEmpty()) {
			failWithMessage("%s", "Expected a graceful signal path and an active pid1, but:\n"
					+ String.join("\n", this.actual.problems()) + "\n" + Pid1Report.startupSummary(this.actual));
		}
		return this;
	}

	/**
	 * The signal path is graceful (pid1 may be inert: the JVM still shuts down).
	 * @return this
	 */
	public StartupReportAssert hasGracefulSignalPath() {
		isNotNull();
		hasPid1();
		if (this.actual.verdict() != Verdict.GRACEFUL) {
			failWithMessage("%s", "Expected a graceful signal path, but: " + this.actual.problems().get(0));
		}
		return this;
	}

	/**
	 * pid1 is in the image.
	 * @return this
	 */
	public StartupReportAssert hasPid1() {
		isNotNull();
		if (!this.actual.pid1Present()) {
			failWithMessage("%s", "Expected pid1 in the image, but: " + this.actual.problems().get(0));
		}
		return this;
	}

	/**
	 * pid1 is in the image and not inert.
	 * @return this
	 */
	public StartupReportAssert isActive() {
		hasPid1();
		if (this.actual.inert()) {
			failWithMessage("%s", "Expected pid1 to be active, but: " + String.join("\n", this.actual.problems()));
		}
		return this;
	}

	/**
	 * The signal path has the given verdict.
	 * @param verdict the verdict
	 * @return this
	 */
	public StartupReportAssert hasVerdict(Verdict verdict) {
		hasPid1();
		if (this.actual.verdict() != verdict) {
			failWithMessage("%s", "Expected the verdict " + verdict + ", but: " + Pid1Report.startupSummary(this.actual)
					+ "\n" + String.join("\n", this.actual.problems()));
		}
		return this;
	}

}
