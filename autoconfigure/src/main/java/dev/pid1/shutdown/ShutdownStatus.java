package dev.pid1.shutdown;

import org.jspecify.annotations.Nullable;

/**
 * Where the shutdown stands, for {@code /actuator/pid1}.
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
public record ShutdownStatus(ShutdownPhase phase, @Nullable ShutdownTrigger trigger, @Nullable String lastEvent,
		@Nullable Long elapsedMillis, boolean drain, @Nullable String noDrainReason, @Nullable DrainEnd drainEnd,
		@Nullable Long drainTimeLeftMillis, @Nullable Long drainMaxLeftMillis, long requestsDuringDrain,
		double requestRate, long silenceNeededMillis, int signals, int repeatedSignals, Settings settings) {

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

		static Settings of(ShutdownSettings settings) {
			AdaptiveDrain adaptive = settings.adaptive();
			return new Settings(settings.drainMin().toMillis(), settings.quietPeriod().toMillis(),
					settings.drainMax().toMillis(), adaptive.enabled(), adaptive.minRate(), adaptive.gaps(),
					adaptive.silenceMin().toMillis(), adaptive.window().toMillis(),
					settings.signalBurstWindow().toMillis(), settings.deadline().toMillis());
		}

	}

}
