package dev.pid1.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.springframework.validation.Errors;

import dev.pid1.platform.Durations;
import dev.pid1.platform.NativeBackendMode;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.shutdown.DrainMode;
import dev.pid1.shutdown.ExitCodes;
import dev.pid1.shutdown.ShutdownSettings;

import static dev.pid1.autoconfigure.Pid1PropertyRanges.ADAPTIVE_GAPS;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.ADAPTIVE_MIN_RATE;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.ADAPTIVE_SILENCE_MIN;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.ADAPTIVE_WINDOW;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.CHILDREN_GRACE;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.DEADLINE;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.DRAIN_MAX;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.DRAIN_MIN;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.EXIT_CODES;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.FINAL_GO_AWAY_DELAY;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.GRACE_PERIOD;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.GRPC_NEW_CONNECTION_GO_AWAY_DELAY;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.QUIET_PERIOD;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.REAPER_GRACE;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.REAPER_INTERVAL;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.SIGNAL_BURST_WINDOW;
import static dev.pid1.autoconfigure.Pid1PropertyRanges.SWEEP_INTERVAL;

/**
 * The validation of pid1's bound properties, in one place: each bounded property against
 * its {@link Pid1PropertyRanges range}, then the rules between properties. Settings of a
 * part that is switched off are not checked, as that part never reads them.
 *
 * @author pid1 authors
 */
final class Pid1PropertiesValidation {

	private Pid1PropertiesValidation() {
	}

	static void validate(Pid1Properties properties, Errors errors) {
		PropertyErrors check = new PropertyErrors(errors);
		Pid1Properties.Reaper reaper = properties.getReaper();
		if (reaper.getMode() != ReaperMode.OFF) {
			check.check(REAPER_GRACE, reaper.getGrace());
			check.check(REAPER_INTERVAL, reaper.getInterval());
			check.check(CHILDREN_GRACE, properties.getChildren().getGrace());
		}
		if (properties.getShutdown().isEnabled()) {
			validateShutdown(properties.getShutdown(), check);
		}
		int java = Runtime.version().feature();
		if (properties.getNative().getBackend() == NativeBackendMode.FFM && java < 22) {
			check.reject("pid1.native.backend", "ffm", "the foreign function API needs Java 22+ and this is Java "
					+ java + ": use auto (FFM on Java 22+, JNA before) or jna");
		}
	}

	static void validate(Pid1ConnectionsProperties properties, Errors errors) {
		if (properties.isEnabled()) {
			PropertyErrors check = new PropertyErrors(errors);
			check.check(FINAL_GO_AWAY_DELAY, properties.getFinalGoAwayDelay());
			check.check(SWEEP_INTERVAL, properties.getSweepInterval());
		}
	}

	static void validate(Pid1GrpcProperties properties, Errors errors) {
		if (properties.isEnabled()) {
			new PropertyErrors(errors).check(GRPC_NEW_CONNECTION_GO_AWAY_DELAY,
					properties.getNewConnectionGoAwayDelay());
		}
	}

	private static void validateShutdown(Pid1Properties.Shutdown shutdown, PropertyErrors check) {
		boolean inRange = check.check(DRAIN_MIN, shutdown.getDrainMin());
		inRange &= check.check(DRAIN_MAX, shutdown.getDrainMax());
		inRange &= check.check(QUIET_PERIOD, shutdown.getQuietPeriod());
		inRange &= check.check(SIGNAL_BURST_WINDOW, shutdown.getSignalBurstWindow());
		inRange &= (shutdown.getDeadline() == null) || check.check(DEADLINE, shutdown.getDeadline());
		inRange &= (shutdown.getGracePeriod() == null) || check.check(GRACE_PERIOD, shutdown.getGracePeriod());
		Pid1Properties.Shutdown.Adaptive adaptive = shutdown.getAdaptive();
		check.check(ADAPTIVE_MIN_RATE, adaptive.getMinRate());
		check.check(ADAPTIVE_GAPS, adaptive.getGaps());
		check.check(ADAPTIVE_SILENCE_MIN, adaptive.getSilenceMin());
		check.check(ADAPTIVE_WINDOW, adaptive.getWindow());
		validateExitCodes(shutdown.getExitCodes(), check);
		if (inRange) {
			validateTimes(shutdown, check);
		}
	}

	private static void validateExitCodes(Map<String, Integer> exitCodes, PropertyErrors check) {
		exitCodes.forEach((key, value) -> {
			String name = EXIT_CODES.name() + "." + key;
			if (ExitCodes.exitCodeOf(key) == null) {
				check.reject(name, value, "the key must be " + ExitCodes.KEYS);
			}
			else {
				check.check(EXIT_CODES, name, value);
			}
		});
	}

	/**
	 * The rules between the times: the shortest drain not above the longest, the deadline
	 * before the grace period's end, the drain before the deadline.
	 */
	private static void validateTimes(Pid1Properties.Shutdown shutdown, PropertyErrors check) {
		if (shutdown.getDrainMin().compareTo(shutdown.getDrainMax()) > 0) {
			check.reject(DRAIN_MIN.name(), Durations.format(shutdown.getDrainMin()),
					"must be at most " + DRAIN_MAX.name() + " (" + Durations.format(shutdown.getDrainMax()) + ")");
		}
		Duration gracePeriod = shutdown.getGracePeriod();
		Duration deadline = ShutdownSettings.deadline(shutdown.getDeadline(), gracePeriod);
		if (gracePeriod != null && deadline.compareTo(gracePeriod) >= 0) {
			check.reject(DEADLINE.name(), Durations.format(deadline), "must be less than " + GRACE_PERIOD.name() + " ("
					+ Durations.format(gracePeriod) + "), or the orchestrator SIGKILLs the JVM first");
		}
		else if (deadline.isZero()) {
			check.reject(DEADLINE.name(), Durations.format(deadline), "must be " + DEADLINE.accepted());
		}
		else if (shutdown.getDrain() != DrainMode.NEVER && shutdown.getDrainMax().compareTo(deadline) >= 0) {
			check.reject(DRAIN_MAX.name(), Durations.format(shutdown.getDrainMax()), "must be less than the deadline ("
					+ Durations.format(deadline) + "), leaving time to close, unless pid1.shutdown.drain is never");
		}
	}

}
