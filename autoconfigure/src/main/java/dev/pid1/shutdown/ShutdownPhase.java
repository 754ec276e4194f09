package dev.pid1.shutdown;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the shutdown stands. Phases only move forward, along the transitions each phase
 * names; {@link #HALTING} can follow any phase but itself.
 *
 * @author pid1 authors
 */
public enum ShutdownPhase {

	/** Serving; no shutdown has begun. */
	RUNNING,

	/** Readiness is off and the app keeps serving until the traffic has gone. */
	DRAINING,

	/**
	 * The drain has ended (or was skipped); the app still serves until the context closes
	 * (after a preStop call, until the SIGTERM).
	 */
	DRAINED,

	/** The context is closing: Spring's graceful shutdown of the web servers. */
	CLOSING,

	/** The lifecycles have stopped: the web servers have closed. */
	CLOSED,

	/** The deadline passed, or a signal came while closing: the JVM halts. */
	HALTING;

	private Set<ShutdownPhase> next() {
		return switch (this) {
			case RUNNING -> EnumSet.of(DRAINING, DRAINED, CLOSED, HALTING);
			case DRAINING -> EnumSet.of(DRAINED, HALTING);
			case DRAINED -> EnumSet.of(CLOSING, CLOSED, HALTING);
			case CLOSING -> EnumSet.of(CLOSED, HALTING);
			case CLOSED -> EnumSet.of(HALTING);
			case HALTING -> EnumSet.noneOf(ShutdownPhase.class);
		};
	}

	/**
	 * Whether the sequence may move from this phase to another.
	 * @param phase the other phase
	 * @return whether the transition exists
	 */
	public boolean canMoveTo(ShutdownPhase phase) {
		return next().contains(phase);
	}

}
