package dev.pid1.testcontainers;

import java.util.ArrayList;
import java.util.List;

/**
 * Why an outcome went wrong and what to change, for the assertions' failure messages:
 * pid1's own verdict first (it names the fix), then what the outcome itself shows.
 *
 * @author pid1 authors
 */
final class Advice {

	private Advice() {
	}

	static String forTermination(TerminationReport report) {
		List<String> reasons = new ArrayList<>();
		if (report.startup() != null) {
			reasons.addAll(report.startup().problems());
		}
		if (report.killed()) {
			reasons.add("the container still ran at the end of the grace period ("
					+ GraceBudget.seconds(report.termination().gracePeriod()) + ") and was SIGKILLed"
					+ ((report.startup() != null && report.startup().verdict() == Verdict.GRACEFUL)
							? ": the shutdown did not fit. Fix: raise terminationGracePeriodSeconds, or lower"
									+ " pid1.shutdown.drain-max or spring.lifecycle.timeout-per-shutdown-phase; tell pid1"
									+ " the grace period (PID1_SHUTDOWN_GRACEPERIOD) so that its deadline ends the JVM first"
							: ""));
		}
		if (report.traffic().failedBeforeTermination() > 0) {
			reasons.add(report.traffic().failedBeforeTermination() + " of the failed requests were sent before the"
					+ " termination began, so not because of it: check the traffic path "
					+ report.termination().trafficPath() + ", the app's port, and that the app keeps up with "
					+ report.termination().rate() + " requests/s (a timeout means it did not answer within "
					+ GraceBudget.seconds(report.termination().requestTimeout()) + ")");
		}
		boolean drained = report.timeline().stream().anyMatch((phase) -> phase.phase().startsWith("drain begins"));
		if (report.startup() != null && report.startup().pid1Present() && report.traffic().failed() > 0 && !drained) {
			reasons.add("pid1 did not drain (no \"drain begins\" in its timeline): pid1.shutdown.drain=auto drains only"
					+ " in a container, on Kubernetes or as PID 1, and only an app whose web server was ready");
		}
		return reasons.isEmpty() ? "" : "\nWhy: " + String.join("\nWhy: ", reasons);
	}

	static String forReaping(ReapingReport report) {
		StartupReport startup = report.startup();
		if (startup == null) {
			return "";
		}
		if (!startup.pid1Present()) {
			return "\nWhy: pid1 is not in this image, so nothing reaps orphans when the JVM is PID 1. Fix: add"
					+ " dev.pid1:pid1-spring-boot-starter, or start the JVM under an init (tini -- java ...)";
		}
		if (startup.inert() || startup.reapingProblem() != null) {
			return "\nWhy: " + String.join("\nWhy: ", startup.problems());
		}
		if (startup.reaper() == null) {
			return "\nWhy: pid1's reaper is off (pid1.reaper.mode=off). Fix: remove pid1.reaper.mode=off";
		}
		if (!startup.reaper().active()) {
			return "\nWhy: pid1 does not reap: the JVM is neither PID 1 nor a child subreaper (signal path "
					+ startup.chain()
					+ "). Fix: make the JVM PID 1 (exec-form ENTRYPOINT, or `exec java` in the script)"
					+ " or let it be a subreaper (pid1.subreaper=auto in a container)";
		}
		return "";
	}

}
