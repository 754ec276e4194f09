package dev.pid1.shutdown;

/**
 * How the drain ended.
 *
 * @author pid1 authors
 */
public enum DrainEnd {

	/** No request for the quiet period (traffic below the adaptive rate, or none). */
	QUIET,

	/** A silence that the recent arrivals make significant: the traffic has ended. */
	TRAFFIC_ENDED,

	/** The longest drain was reached while requests still arrived. */
	MAXIMUM,

	/** A second, separate signal cut it short. */
	CUT_SHORT,

	/** There was no drain (drain mode, no container, no web server, not ready). */
	SKIPPED

}
