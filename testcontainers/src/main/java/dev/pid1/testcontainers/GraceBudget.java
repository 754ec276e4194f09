package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether the longest shutdown fits the grace period: preStop sleep + drain maximum +
 * in-flight requests (bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}) + a
 * margin must not exceed terminationGracePeriodSeconds, and pid1's own deadline must come
 * before it. The same rule pid1 checks at startup when told the grace period; here
 * against the manifest the user deploys with.
 *
 * @param gracePeriod the grace period
 * @param source where it comes from, as {@code docker/k8s/deployment.yaml}
 * @param preStopSleep a preStop {@code sleep}, zero for none
 * @param drainMax pid1's longest drain, zero without pid1 or without a drain
 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
 * @param deadline pid1's hard deadline, {@code null} without pid1
 * @author pid1 authors
 */
public record GraceBudget(Duration gracePeriod, String source, Duration preStopSleep, Duration drainMax,
		Duration phaseTimeout, @Nullable Duration deadline) {

	/** Kept between the end of the shutdown and the SIGKILL, as pid1 keeps it. */
	public static final Duration MARGIN = Duration.ofSeconds(3);

	/** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	public static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The budget of an app as pid1 reports it.
	 * @param gracePeriod the grace period
	 * @param source where it comes from
	 * @param startup pid1's report (drain maximum and deadline from
	 * {@code /actuator/pid1})
	 * @param phaseTimeout the app's {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param preStop the preStop hook, {@code null} for none
	 * @return the budget
	 */
	public static GraceBudget of(Duration gracePeriod, String source, StartupReport startup, Duration phaseTimeout,
			@Nullable PreStop preStop) {
		StartupReport.Shutdown shutdown = (startup != null) ? startup.shutdown() : null;
		// The drain maximum counts whenever pid1's shutdown is on, as pid1's own check
		// counts
		// it: whether a shutdown "now" would drain is decided once the app is ready.
		Duration drain = (shutdown != null) ? shutdown.drainMax() : Duration.ZERO;
		Duration sleep = (preStop != null && preStop.kind() == PreStop.Kind.SLEEP) ? preStop.sleepDuration()
				: Duration.ZERO;
		return new GraceBudget(gracePeriod, source, sleep, drain, phaseTimeout,
				(shutdown != null) ? shutdown.deadline() : null);
	}

	/**
	 * The longest shutdown plus the margin.
	 * @return what the grace period must cover
	 */
	public Duration needed() {
		return this.preStopSleep.plus(this.drainMax).plus(this.phaseTimeout).plus(MARGIN);
	}

	/**
	 * What does not fit, each with the arithmetic and the fix.
	 * @return the problems, empty when it fits
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (needed().compareTo(this.gracePeriod) > 0) {
			problems.add("The shutdown may not fit the grace period: "
					+ (this.preStopSleep.isZero() ? "" : "preStop sleep " + seconds(this.preStopSleep) + " + ")
					+ "drain up to " + seconds(this.drainMax) + " + in-flight requests up to "
					+ seconds(this.phaseTimeout) + " (spring.lifecycle.timeout-per-shutdown-phase) + margin "
					+ seconds(MARGIN) + " = " + seconds(needed()) + " > terminationGracePeriodSeconds "
					+ seconds(this.gracePeriod) + " (" + this.source + "). Fix: raise terminationGracePeriodSeconds,"
					+ " or lower pid1.shutdown.drain-max or spring.lifecycle.timeout-per-shutdown-phase");
		}
		if (this.deadline != null && this.deadline.plus(this.preStopSleep).compareTo(this.gracePeriod) >= 0) {
			problems.add("pid1's deadline (" + seconds(this.deadline) + " after the shutdown begins) is not before the"
					+ " end of the grace period " + seconds(this.gracePeriod) + " (" + this.source
					+ "): the kubelet SIGKILLs the JVM before pid1 can halt it with its logs flushed. Fix: tell pid1 the"
					+ " grace period: PID1_SHUTDOWN_GRACEPERIOD=" + this.gracePeriod.toSeconds()
					+ " (pid1.shutdown.grace-period)");
		}
		return problems;
	}

	/**
	 * The arithmetic in one line.
	 * @return the summary
	 */
	public String summary() {
		return "grace budget: " + seconds(needed()) + " needed of " + seconds(this.gracePeriod) + " (" + this.source
				+ ")" + ((this.deadline != null) ? ", pid1's deadline " + seconds(this.deadline) : "");
	}

	static String seconds(Duration duration) {
		long ms = duration.toMillis();
		return (ms % 1000 == 0) ? (ms / 1000) + " s" : ms + " ms";
	}

}
