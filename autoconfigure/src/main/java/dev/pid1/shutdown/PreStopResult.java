package dev.pid1.shutdown;

/**
 * The answer to a preStop call, once the drain has ended.
 *
 * @param drained whether the app drained (or skipped the drain)
 * @param outcome how the drain ended, or why there was none
 * @param drainMillis how long the drain took
 * @param requestsDuringDrain requests that arrived on the main port during the drain
 * @author pid1 authors
 */
public record PreStopResult(boolean drained, String outcome, long drainMillis, long requestsDuringDrain) {

}
