package dev.pid1.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import dev.pid1.connections.ConnectionDrainSettings;
import dev.pid1.diagnosis.ShutdownBudget;
import dev.pid1.platform.Durations;
import dev.pid1.reaping.ReaperSettings;
import dev.pid1.shutdown.AdaptiveDrain;
import dev.pid1.shutdown.DrainMode;
import dev.pid1.shutdown.ExitCodes;
import dev.pid1.shutdown.GracePeriodCheck;
import dev.pid1.shutdown.ShutdownSettings;

/**
 * The concerns' settings from the bound, validated properties; and the one check that
 * needs a property of Spring Boot's too: whether the shutdown fits the grace period.
 *
 * @author pid1 authors
 */
final class Pid1Settings {

	private static final Log logger = LogFactory.getLog(Pid1Settings.class);

	private static final String GRPC_SERVER_LIFECYCLE = "org.springframework.grpc.server.lifecycle.GrpcServerLifecycle";

	private static final Duration DEFAULT_GRPC_GRACE_PERIOD = Duration.ofSeconds(30);

	private Pid1Settings() {
	}

	static ReaperSettings reaper(Pid1Properties properties) {
		Pid1Properties.Reaper reaper = properties.getReaper();
		return new ReaperSettings(reaper.getMode(), reaper.getGrace(), reaper.getInterval(), properties.getSubreaper());
	}

	static ConnectionDrainSettings connections(Pid1ConnectionsProperties properties) {
		return new ConnectionDrainSettings(properties.isGoAway(), properties.getFinalGoAwayDelay(),
				properties.isCloseIdle(), properties.getSweepInterval());
	}

	/**
	 * The shutdown settings; when a grace period is configured, checks that the longest
	 * shutdown fits into it and warns, or fails startup with
	 * {@code pid1.shutdown.grace-period-check=fail}.
	 * @param properties the properties
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param grpcGracePeriod {@code spring.grpc.server.shutdown.grace-period}, or zero
	 * without a gRPC server
	 * @return the settings
	 */
	static ShutdownSettings shutdown(Pid1Properties properties, Duration phaseTimeout, Duration grpcGracePeriod) {
		Pid1Properties.Shutdown shutdown = properties.getShutdown();
		Pid1Properties.Shutdown.Adaptive adaptive = shutdown.getAdaptive();
		ShutdownSettings settings = new ShutdownSettings(shutdown.getDrain(), shutdown.getDrainMin(),
				shutdown.getDrainMax(), shutdown.getQuietPeriod(),
				new AdaptiveDrain(adaptive.isEnabled(), adaptive.getMinRate(), adaptive.getGaps(),
						adaptive.getSilenceMin(), adaptive.getWindow()),
				shutdown.getSignalBurstWindow(),
				ShutdownSettings.deadline(shutdown.getDeadline(), shutdown.getGracePeriod()),
				ExitCodes.parse(shutdown.getExitCodes()), shutdown.isConnectionClose());
		Duration gracePeriod = shutdown.getGracePeriod();
		ShutdownBudget budget = shutdownBudget(properties, phaseTimeout, grpcGracePeriod);
		if (gracePeriod != null && budget.total().compareTo(gracePeriod) > 0) {
			String problem = "The shutdown may not fit the grace period: " + budget.arithmetic() + " > grace period "
					+ Durations.format(gracePeriod) + "; the deadline halts the JVM at "
					+ Durations.format(settings.deadline())
					+ ". Lower pid1.shutdown.drain-max or spring.lifecycle.timeout-per-shutdown-phase, or raise "
					+ "terminationGracePeriodSeconds";
			if (shutdown.getGracePeriodCheck() == GracePeriodCheck.FAIL) {
				throw new InvalidConfigurationPropertyValueException("pid1.shutdown.grace-period",
						Durations.format(gracePeriod), problem + " (or set pid1.shutdown.grace-period-check=warn)");
			}
			logger.warn("pid1: " + problem);
		}
		return settings;
	}

	/**
	 * The longest shutdown: the drain maximum (when pid1 drains), the shutdown phase
	 * timeout and the margin. The grace period check and the diagnosis (against the kill
	 * timeouts of supervisors and wrappers on the signal path) both use it.
	 * @param properties the properties
	 * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param grpcGracePeriod {@code spring.grpc.server.shutdown.grace-period}, or zero
	 * without a gRPC server
	 * @return the budget
	 */
	static ShutdownBudget shutdownBudget(Pid1Properties properties, Duration phaseTimeout, Duration grpcGracePeriod) {
		Pid1Properties.Shutdown shutdown = properties.getShutdown();
		boolean drains = shutdown.isEnabled() && shutdown.getDrain() != DrainMode.NEVER
				&& shutdown.getDrainMax() != null;
		return ShutdownBudget.of(drains ? shutdown.getDrainMax() : Duration.ZERO, phaseTimeout, grpcGracePeriod,
				ShutdownSettings.MARGIN);
	}

	/**
	 * How long Spring's shutdown of a gRPC server waits for its calls in flight:
	 * {@code spring.grpc.server.shutdown.grace-period} (30 s by default, seconds without
	 * a unit) when the context declares Spring gRPC's server lifecycle, zero otherwise.
	 * @param context the context, whose bean definitions are all registered
	 * @return the grace period
	 */
	static Duration grpcGracePeriod(ApplicationContext context) {
		if (!ClassUtils.isPresent(GRPC_SERVER_LIFECYCLE, Pid1Settings.class.getClassLoader())) {
			return Duration.ZERO;
		}
		Class<?> lifecycle = ClassUtils.resolveClassName(GRPC_SERVER_LIFECYCLE, Pid1Settings.class.getClassLoader());
		if (context.getBeanNamesForType(lifecycle, true, false).length == 0) {
			return Duration.ZERO;
		}
		String value = context.getEnvironment().getProperty("spring.grpc.server.shutdown.grace-period");
		try {
			return (value != null) ? DurationStyle.detectAndParse(value.strip(), ChronoUnit.SECONDS)
					: DEFAULT_GRPC_GRACE_PERIOD;
		}
		catch (IllegalArgumentException ex) {
			// Spring Boot's own binding reports it.
			return DEFAULT_GRPC_GRACE_PERIOD;
		}
	}

}
