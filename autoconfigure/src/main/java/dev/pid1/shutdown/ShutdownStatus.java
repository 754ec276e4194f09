package dev.pid1.shutdown;

/**
 * Where the shutdown stands, for {@code /actuator/pid1}.
 *
 * @param state {@code running}, {@code draining}, {@code closing} or {@code halting}
 * @param trigger what started the shutdown ({@code SIGTERM}, {@code preStop},
 * {@code close}), or {@code null} while running
 * @param phase the last phase reached, or {@code null} while running
 * @param elapsedMillis time since the shutdown began, or {@code null} while running
 * @param drainTimeLeftMillis time until the drain ends if no request arrives any more, or
 * {@code null} when not draining
 * @param drainMaxLeftMillis time until the drain ends at the latest, or {@code null} when
 * not draining
 * @param requestsDuringDrain requests that arrived on the main port during the drain
 * @param signals termination signals received
 * @param drain whether shutdown drains (drain mode, container, web server, readiness)
 * @param drainMinMillis the shortest drain
 * @param quietPeriodMillis the quiet period that ends the drain
 * @param drainMaxMillis the longest drain
 * @param deadlineMillis the hard deadline, from the start of shutdown
 * @author pid1 authors
 */
public record ShutdownStatus(String state, String trigger, String phase, Long elapsedMillis, Long drainTimeLeftMillis,
		Long drainMaxLeftMillis, long requestsDuringDrain, int signals, boolean drain, long drainMinMillis,
		long quietPeriodMillis, long drainMaxMillis, long deadlineMillis) {

}
