package dev.pid1.testcontainers;

/**
 * What a SIGTERM sent to the container's PID 1 does to the JVM, as pid1 reports it
 * ({@code signalPath.verdict} of {@code /actuator/pid1}, or its startup line).
 *
 * @author pid1 authors
 */
public enum Verdict {

	/** The JVM gets SIGTERM and nothing kills it before its shutdown completes. */
	GRACEFUL,

	/** SIGTERM never reaches the JVM: it is SIGKILLed at the end of the grace period. */
	DROPPED,

	/** The JVM dies before its graceful shutdown completes. */
	CUT_SHORT,

	/** A process on the path catches SIGTERM, and pid1 cannot tell what it does. */
	UNKNOWN,

	/** Not in a container or PID namespace. */
	NOT_APPLICABLE;

	/**
	 * Whether a stop would lose work.
	 * @return whether the path needs fixing
	 */
	public boolean isBroken() {
		return this == DROPPED || this == CUT_SHORT;
	}

}
