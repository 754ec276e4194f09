package dev.pid1.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.pid1.shutdown.ExitCodes;

/**
 * The accepted range of every bounded pid1 property, written once: the properties'
 * validation checks them and {@code docs/configuration.md} shows them, and a test fails
 * when the reference says otherwise.
 *
 * @author pid1 authors
 */
final class Pid1PropertyRanges {

	/**
	 * Below 100 ms the JDK's own reaper thread may not have reaped its child yet when
	 * safe mode takes a zombie for an orphan.
	 */
	static final PropertyRange<Duration> REAPER_GRACE = PropertyRange.between("pid1.reaper.grace",
			Duration.ofMillis(100), Duration.ofMinutes(1));

	static final PropertyRange<Duration> REAPER_INTERVAL = PropertyRange.between("pid1.reaper.interval",
			Duration.ofMillis(1), Duration.ofSeconds(10));

	static final PropertyRange<Duration> CHILDREN_GRACE = PropertyRange.between("pid1.children.grace",
			Duration.ofMillis(100), Duration.ofMinutes(5));

	static final PropertyRange<Duration> DRAIN_MIN = PropertyRange.atLeast("pid1.shutdown.drain-min", Duration.ZERO)
		.and("at most drain-max");

	static final PropertyRange<Duration> DRAIN_MAX = PropertyRange.atLeast("pid1.shutdown.drain-max", Duration.ZERO)
		.and("less than the deadline, unless drain is never");

	static final PropertyRange<Duration> QUIET_PERIOD = PropertyRange.atLeast("pid1.shutdown.quiet-period",
			Duration.ZERO);

	static final PropertyRange<Duration> SIGNAL_BURST_WINDOW = PropertyRange
		.between("pid1.shutdown.signal-burst-window", Duration.ZERO, Duration.ofSeconds(10));

	static final PropertyRange<Duration> DEADLINE = PropertyRange.longerThan("pid1.shutdown.deadline", Duration.ZERO)
		.and("less than grace-period");

	static final PropertyRange<Duration> GRACE_PERIOD = PropertyRange.longerThan("pid1.shutdown.grace-period",
			Duration.ZERO);

	static final PropertyRange<Double> ADAPTIVE_MIN_RATE = PropertyRange.numbers("pid1.shutdown.adaptive.min-rate", 1,
			100_000);

	static final PropertyRange<Double> ADAPTIVE_GAPS = PropertyRange.numbers("pid1.shutdown.adaptive.gaps", 2, 100);

	static final PropertyRange<Duration> ADAPTIVE_SILENCE_MIN = PropertyRange
		.between("pid1.shutdown.adaptive.silence-min", Duration.ofMillis(10), Duration.ofMinutes(1));

	static final PropertyRange<Duration> ADAPTIVE_WINDOW = PropertyRange.between("pid1.shutdown.adaptive.window",
			Duration.ofSeconds(1), Duration.ofMinutes(1));

	/**
	 * The values of the exit code remapping; {@link ExitCodes#KEYS} says which keys.
	 */
	static final PropertyRange<Integer> EXIT_CODES = PropertyRange.wholeNumbers("pid1.shutdown.exit-codes", 0, 255)
		.and("keys: " + ExitCodes.KEYS);

	static final PropertyRange<Duration> FINAL_GO_AWAY_DELAY = PropertyRange
		.atLeast("pid1.connections.final-go-away-delay", Duration.ZERO);

	static final PropertyRange<Duration> SWEEP_INTERVAL = PropertyRange.longerThan("pid1.connections.sweep-interval",
			Duration.ZERO);

	static final PropertyRange<Duration> GRPC_NEW_CONNECTION_GO_AWAY_DELAY = PropertyRange
		.between("pid1.grpc.new-connection-go-away-delay", Duration.ZERO, Duration.ofMinutes(1));

	/** All of them, for the reference check. */
	static final List<PropertyRange<?>> ALL = List.of(REAPER_GRACE, REAPER_INTERVAL, CHILDREN_GRACE, DRAIN_MIN,
			DRAIN_MAX, QUIET_PERIOD, SIGNAL_BURST_WINDOW, DEADLINE, GRACE_PERIOD, ADAPTIVE_MIN_RATE, ADAPTIVE_GAPS,
			ADAPTIVE_SILENCE_MIN, ADAPTIVE_WINDOW, EXIT_CODES, FINAL_GO_AWAY_DELAY, SWEEP_INTERVAL,
			GRPC_NEW_CONNECTION_GO_AWAY_DELAY);

	private Pid1PropertyRanges() {
	}

}
