package dev.pid1.testcontainers;

/**
 * Entry point of the kit's AssertJ-style assertions:
 * {@code import static dev.pid1.testcontainers.Pid1Assertions.assertThat;}. Each failure
 * message says what happened, why, and what to change.
 *
 * @author pid1 authors
 */
public final class Pid1Assertions {

	private Pid1Assertions() {
	}

	/**
	 * Assertions on every outcome of a check.
	 * @param report the report
	 * @return the assertions
	 */
	public static Pid1ReportAssert assertThat(Pid1Report report) {
		return new Pid1ReportAssert(report);
	}

	/**
	 * Assertions on pid1's startup report.
	 * @param report the report
	 * @return the assertions
	 */
	public static StartupReportAssert assertThat(StartupReport report) {
		return new StartupReportAssert(report);
	}

	/**
	 * Assertions on a termination.
	 * @param report the report
	 * @return the assertions
	 */
	public static TerminationReportAssert assertThat(TerminationReport report) {
		return new TerminationReportAssert(report);
	}

	/**
	 * Assertions on an orphan storm's outcome.
	 * @param report the report
	 * @return the assertions
	 */
	public static ReapingReportAssert assertThat(ReapingReport report) {
		return new ReapingReportAssert(report);
	}

	/**
	 * Assertions on a grace budget.
	 * @param budget the budget
	 * @return the assertions
	 */
	public static GraceBudgetAssert assertThat(GraceBudget budget) {
		return new GraceBudgetAssert(budget);
	}

}
