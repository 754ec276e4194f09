package dev.pid1.testcontainers;

import org.jspecify.annotations.Nullable;

/**
 * Every outcome of one check of a container: pid1's startup verdict, the orphan storm,
 * the termination under load and the grace budget.
 *
 * @param startup pid1's report
 * @param reaping the orphan storm's outcome, {@code null} when none was run
 * @param termination the termination's outcome, {@code null} when it was not terminated
 * @param budget the grace budget, {@code null} when not checked
 * @author pid1 authors
 */
public record Pid1Report(StartupReport startup, @Nullable ReapingReport reaping,
		@Nullable TerminationReport termination, @Nullable GraceBudget budget) {

	/**
	 * The report in a few lines, as failure messages show it.
	 * @return the summary
	 */
	public String summary() {
		StringBuilder text = new StringBuilder(startupSummary(this.startup)).append('\n');
		if (this.reaping != null) {
			text.append(this.reaping.summary()).append('\n');
		}
		if (this.budget != null) {
			text.append(this.budget.summary()).append('\n');
		}
		if (this.termination != null) {
			text.append(this.termination.summary());
		}
		return text.toString();
	}

	static String startupSummary(StartupReport startup) {
		if (!startup.pid1Present()) {
			return "pid1: not in this image";
		}
		return "pid1 (from its " + ((startup.source() == StartupReport.Source.ENDPOINT) ? "endpoint" : "startup line")
				+ "): signal path " + startup.chain() + ": " + startup.verdict()
				+ (startup.inert() ? ", inert (" + startup.platformDetail() + ")" : "")
				+ ((startup.reaper() != null)
						? ", reaper " + (startup.reaper().active() ? startup.reaper().mode() : "inactive") : "")
				+ ((startup.reapingProblem() != null) ? ", zombies not reaped" : "");
	}

}
