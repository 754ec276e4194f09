package dev.pid1.shutdown;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Validated shutdown settings.
 *
 * @param drainMode when to drain
 * @param drainMin the shortest drain
 * @param drainMax the longest drain
 * @param quietPeriod how long without a new request ends the drain below the adaptive
 * rate, and at most above it
 * @param adaptive the adaptive end of the drain
 * @param signalBurstWindow how long the same signal again counts as a repeat
 * @param deadline from the start of shutdown to the halt
 * @param exitCodes the exit code per signal
 * @param connectionClose whether responses during the drain carry
 * {@code Connection: close}
 * @author pid1 authors
 */
public record ShutdownSettings(DrainMode drainMode, Duration drainMin, Duration drainMax, Duration quietPeriod,
		AdaptiveDrain adaptive, Duration signalBurstWindow, Duration deadline, ExitCodes exitCodes,
		boolean connectionClose) {

	/** Kubernetes' default terminationGracePeriodSeconds. */
	public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(30);

	/** Time kept between pid1's own halt and the orchestrator's SIGKILL. */
	public static final Duration MARGIN = Duration.ofSeconds(3);

	private static final String PREFIX = "pid1.shutdown.";

	private static final Log logger = LogFactory.getLog(ShutdownSettings.class);

	/**
	 * Checks the settings, derives the deadline, and checks them against the grace
	 * period.
	 * @param drainMode when to drain
	 * @param drainMin the shortest drain
	 * @param drainMax the longest drain
	 * @param quietPeriod the quiet period
	 * @param adaptive the adaptive end of the drain, checked
	 * @param signalBurstWindow the signal burst window
	 * @param deadline the deadline, or {@code null} for the grace period minus
	 * {@link #MARGIN}
	 * @param gracePeriod the orchestrator's grace period, or {@code null} if not
	 * configured
	 * @param check what to do when the close may not fit the grace period
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param exitCodes the exit codes
	 * @param connectionClose whether drain responses carry {@code Connection: close}
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException on bad input
	 */
	public static ShutdownSettings of(DrainMode drainMode, Duration drainMin, Duration drainMax, Duration quietPeriod,
			AdaptiveDrain adaptive, Duration signalBurstWindow, @Nullable Duration deadline,
			@Nullable Duration gracePeriod, GracePeriodCheck check, Duration phaseTimeout, ExitCodes exitCodes,
			boolean connectionClose) {
		notNegative("drain-min", drainMin);
		notNegative("drain-max", drainMax);
		notNegative("quiet-period", quietPeriod);
		if (signalBurstWindow == null || signalBurstWindow.isNegative()
				|| signalBurstWindow.compareTo(Duration.ofSeconds(10)) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "signal-burst-window", signalBurstWindow,
					"Must be a duration from 0 (every signal counts) to 10s");
		}
		if (gracePeriod != null && (gracePeriod.isNegative() || gracePeriod.isZero())) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "grace-period", gracePeriod,
					"The grace period must be positive");
		}
		if (drainMin.compareTo(drainMax) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "drain-min", drainMin,
					"The minimum drain must not exceed pid1.shutdown.drain-max (" + drainMax + ")");
		}
		Duration grace = (gracePeriod != null) ? gracePeriod : DEFAULT_GRACE_PERIOD;
		Duration effectiveDeadline = deadline;
		if (effectiveDeadline == null) {
			effectiveDeadline = grace.minus(MARGIN);
			if (effectiveDeadline.compareTo(grace.dividedBy(2)) < 0) {
				effectiveDeadline = grace.dividedBy(2);
			}
		}
		if (effectiveDeadline.isNegative() || effectiveDeadline.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "deadline", deadline,
					"The deadline must be positive");
		}
		if (gracePeriod != null && effectiveDeadline.compareTo(gracePeriod) >= 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "deadline", effectiveDeadline,
					"The deadline must come before the end of the grace period (" + gracePeriod.toSeconds()
							+ " s), or the orchestrator SIGKILLs the JVM first");
		}
		if (drainMode != DrainMode.NEVER && drainMax.compareTo(effectiveDeadline) >= 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "drain-max", drainMax,
					"The drain (up to " + millis(drainMax) + ") must end before the deadline ("
							+ millis(effectiveDeadline) + "), leaving time to close");
		}
		ShutdownSettings settings = new ShutdownSettings(drainMode, drainMin, drainMax, quietPeriod, adaptive,
				signalBurstWindow, effectiveDeadline, exitCodes, connectionClose);
		if (gracePeriod != null) {
			String problem = settings.gracePeriodProblem(gracePeriod, phaseTimeout);
			if (problem != null && check == GracePeriodCheck.FAIL) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "grace-period", gracePeriod,
						problem + " (or set pid1.shutdown.grace-period-check=warn)");
			}
			if (problem != null) {
				logger.warn("pid1: " + problem);
			}
		}
		return settings;
	}

	/**
	 * Whether the longest drain, the phase timeout that bounds in-flight requests and the
	 * margin fit into the grace period.
	 * @param gracePeriod the grace period
	 * @param phaseTimeout the shutdown phase timeout
	 * @return the arithmetic that does not fit, or {@code null} if it fits
	 */
	public @Nullable String gracePeriodProblem(Duration gracePeriod, Duration phaseTimeout) {
		Duration drain = (this.drainMode != DrainMode.NEVER) ? this.drainMax : Duration.ZERO;
		Duration needed = drain.plus(phaseTimeout).plus(MARGIN);
		if (needed.compareTo(gracePeriod) <= 0) {
			return null;
		}
		return "The shutdown may not fit the grace period: drain up to " + millis(drain)
				+ " + in-flight requests up to " + millis(phaseTimeout)
				+ " (spring.lifecycle.timeout-per-shutdown-phase) + margin " + millis(MARGIN) + " = " + millis(needed)
				+ " > grace period " + millis(gracePeriod) + "; the deadline halts the JVM at " + millis(this.deadline)
				+ ". Lower pid1.shutdown.drain-max or spring.lifecycle.timeout-per-shutdown-phase, or raise "
				+ "terminationGracePeriodSeconds";
	}

	private static void notNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value,
					"Must be a duration of zero or more");
		}
	}

	static String millis(Duration duration) {
		return millis(duration.toNanos());
	}

	static String millis(long nanos) {
		long ms = nanos / 1_000_000;
		return (ms % 1000 == 0) ? (ms / 1000) + " s" : ms + " ms";
	}

}
