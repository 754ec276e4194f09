package dev.pid1.shutdown;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a preStop call, once the drain has ended.
 *
 * @param drained whether the app drained (not when the drain was skipped)
 * @param end how the drain ended
 * @param outcome how it ended, in words, or why there was none
 * @param drainMillis how long the drain took
 * @param requestsDuringDrain requests that arrived on the main port during the drain
 * @author pid1 authors
 */
public record PreStopResult(boolean drained, @Nullable DrainEnd end, @Nullable String outcome, long drainMillis,
		long requestsDuringDrain) {

}
