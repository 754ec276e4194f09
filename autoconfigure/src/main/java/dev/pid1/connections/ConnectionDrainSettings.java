package dev.pid1.connections;

import java.time.Duration;

/**
 * What the connection drain does and when.
 *
 * @param goAway whether HTTP/2 connections get a GOAWAY when the drain begins
 * @param finalGoAwayDelay time between the first GOAWAY and the final one, at least one
 * round trip, so that streams the peer sent before it saw the first are not refused
 * @param closeIdle whether idle HTTP/1.x keep-alive connections from before the drain are
 * closed during it
 * @param sweepInterval how often connections opened during the drain are looked at
 * @author pid1 authors
 */
public record ConnectionDrainSettings(boolean goAway, Duration finalGoAwayDelay, boolean closeIdle,
		Duration sweepInterval) {

	/**
	 * Checks the invariants; the configured ranges are the properties' validation's.
	 * @param goAway whether to send GOAWAY
	 * @param finalGoAwayDelay the delay of the final GOAWAY
	 * @param closeIdle whether to close idle keep-alive connections
	 * @param sweepInterval how often to sweep
	 */
	public ConnectionDrainSettings {
		if (finalGoAwayDelay == null || finalGoAwayDelay.isNegative()) {
			throw new IllegalArgumentException("The final GOAWAY's delay must be 0 s or more, was " + finalGoAwayDelay);
		}
		if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
			throw new IllegalArgumentException("The sweep interval must be more than 0 s, was " + sweepInterval);
		}
	}

}
