package dev.pid1.diagnosis;

import java.time.Duration;

import dev.pid1.platform.Durations;

/**
 * The longest time this JVM's shutdown may take after SIGTERM, and how it adds up. A hop
 * that SIGKILLs the JVM sooner cuts the shutdown short. The wiring computes it from the
 * shutdown settings, so that this package needs none of them.
 *
 * @param total the longest shutdown
 * @param arithmetic how it adds up, for instance {@code drain up to 20 s + in-flight
 * requests up to 30 s (spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 53 s}
 * @author pid1 authors
 */
public record ShutdownBudget(Duration total, String arithmetic) {

	/**
	 * The budget of pid1's shutdown sequence.
	 * @param drainMax the longest drain ({@link Duration#ZERO} when it does not drain)
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}, which
	 * bounds the requests still in flight when the web server stops
	 * @param margin the time kept free before a kill
	 * @return the budget
	 */
	public static ShutdownBudget of(Duration drainMax, Duration phaseTimeout, Duration margin) {
		Duration total = drainMax.plus(phaseTimeout).plus(margin);
		String arithmetic = "drain up to " + Durations.format(drainMax) + " + in-flight requests up to "
				+ Durations.format(phaseTimeout) + " (spring.lifecycle.timeout-per-shutdown-phase) + margin "
				+ Durations.format(margin) + " = " + Durations.format(total);
		return new ShutdownBudget(total, arithmetic);
	}

}
