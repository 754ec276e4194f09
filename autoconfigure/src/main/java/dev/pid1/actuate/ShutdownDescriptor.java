package dev.pid1.actuate;

import org.jspecify.annotations.Nullable;

import dev.pid1.shutdown.ShutdownPhase;
import dev.pid1.shutdown.ShutdownStatus;
import dev.pid1.shutdown.ShutdownTrigger;

/**
 * Where the shutdown stands, in the {@code pid1} endpoint's response.
 *
 * @param phase the phase
 * @param trigger what started the shutdown, or {@code null} while running
 * @param lastEvent the last event of the timeline, or {@code null} while running
 * @param elapsedMillis time since the shutdown began, or {@code null} while running
 * @param drain whether the shutdown drains (or would, while running)
 * @param noDrainReason why it does not drain, or {@code null}
 * @param drainEnd how the drain ended, or {@code null} until it has
 * @param drainTimeLeftMillis time until the drain ends if no request arrives any more, or
 * {@code null} when not draining
 * @param drainMaxLeftMillis time until the drain ends at the latest, or {@code null} when
 * not draining
 * @param requestsDuringDrain requests that arrived on the main port during the drain
 * @param requestRate requests per second on the main port over the window before the
 * latest one
 * @param silenceNeededMillis the silence that would end the drain at that rate
 * @param signals separate termination signals received
 * @param repeatedSignals signals that repeated one of them within the burst window
 * @param settings the settings in use
 * @author pid1 authors
 */
public record ShutdownDescriptor(Phase phase, @Nullable Trigger trigger, @Nullable String lastEvent,
		@Nullable Long elapsedMillis, boolean drain, @Nullable String noDrainReason, @Nullable DrainEnd drainEnd,
		@Nullable Long drainTimeLeftMillis, @Nullable Long drainMaxLeftMillis, long requestsDuringDrain,
		double requestRate, long silenceNeededMillis, int signals, int repeatedSignals, Settings settings) {

	static ShutdownDescriptor of(ShutdownStatus status) {
		ShutdownStatus.Settings settings = status.settings();
		return new ShutdownDescriptor(Phase.of(status.phase()),
				(status.trigger() != null) ? Trigger.of(status.trigger()) : null, status.lastEvent(),
				status.elapsedMillis(), status.drain(), status.noDrainReason(),
				(status.drainEnd() != null) ? DrainEnd.of(status.drainEnd()) : null, status.drainTimeLeftMillis(),
				status.drainMaxLeftMillis(), status.requestsDuringDrain(), status.requestRate(),
				status.silenceNeededMillis(), status.signals(), status.repeatedSignals(),
				new Settings(settings.drainMinMillis(), settings.quietPeriodMillis(), settings.drainMaxMillis(),
						settings.adaptive(), settings.adaptiveMinRate(), settings.adaptiveGaps(),
						settings.silenceMinMillis(), settings.windowMillis(), settings.signalBurstWindowMillis(),
						settings.deadlineMillis()));
	}

	/**
	 * Where the shutdown stands.
	 */
	public enum Phase {

		/** Serving; no shutdown has begun. */
		RUNNING,

		/** Readiness is off and the app keeps serving until the traffic has gone. */
		DRAINING,

		/** The drain has ended (or was skipped); the app still serves. */
		DRAINED,

		/** The context is closing. */
		CLOSING,

		/** The web servers have closed. */
		CLOSED,

		/** The JVM halts. */
		HALTING;

		static Phase of(ShutdownPhase phase) {
			return switch (phase) {
				case RUNNING -> RUNNING;
				case DRAINING -> DRAINING;
				case DRAINED -> DRAINED;
				case CLOSING -> CLOSING;
				case CLOSED -> CLOSED;
				case HALTING -> HALTING;
			};
		}

	}

	/**
	 * What started the shutdown.
	 */
	public enum Trigger {

		/** SIGTERM. */
		SIGTERM,

		/** SIGINT. */
		SIGINT,

		/** A call of the preStop endpoint. */
		PRE_STOP,

		/** {@code context.close()}. */
		CLOSE,

		/** The JVM exited without the context closing through pid1 first. */
		EXIT;

		static Trigger of(ShutdownTrigger trigger) {
			return switch (trigger) {
				case SIGTERM -> SIGTERM;
				case SIGINT -> SIGINT;
				case PRE_STOP -> PRE_STOP;
				case CLOSE -> CLOSE;
				case EXIT -> EXIT;
			};
		}

	}

	/**
	 * How the drain ended.
	 */
	public enum DrainEnd {

		/** No request for the quiet period. */
		QUIET,

		/** A silence that the recent arrivals make significant. */
		TRAFFIC_ENDED,

		/** The longest drain was reached. */
		MAXIMUM,

		/** A second, separate signal cut it short. */
		CUT_SHORT,

		/** There was no drain. */
		SKIPPED;

		static DrainEnd of(dev.pid1.shutdown.DrainEnd end) {
			return switch (end) {
				case QUIET -> QUIET;
				case TRAFFIC_ENDED -> TRAFFIC_ENDED;
				case MAXIMUM -> MAXIMUM;
				case CUT_SHORT -> CUT_SHORT;
				case SKIPPED -> SKIPPED;
			};
		}

	}

	/**
	 * The settings in use.
	 *
	 * @param drainMinMillis the shortest drain
	 * @param quietPeriodMillis the silence that ends the drain below the adaptive rate
	 * @param drainMaxMillis the longest drain
	 * @param adaptive whether the arrivals may end the drain sooner
	 * @param adaptiveMinRate the rate from which they may
	 * @param adaptiveGaps how many mean gaps a silence must last
	 * @param silenceMinMillis the shortest silence that ends the drain
	 * @param windowMillis the window of the arrival statistics
	 * @param signalBurstWindowMillis how long the same signal again is a repeat
	 * @param deadlineMillis the hard deadline, from the start of shutdown
	 */
	public record Settings(long drainMinMillis, long quietPeriodMillis, long drainMaxMillis, boolean adaptive,
			double adaptiveMinRate, double adaptiveGaps, long silenceMinMillis, long windowMillis,
			long signalBurstWindowMillis, long deadlineMillis) {

	}

}
