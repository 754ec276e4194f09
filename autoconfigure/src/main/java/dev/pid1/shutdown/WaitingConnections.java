package dev.pid1.shutdown;

import java.util.OptionalInt;

/**
 * How many connections to the main port wait in the kernel for the app: queued for
 * accept, or with a request the app has not read. While any do, a silence in the arrivals
 * is the app being slow to take them (a starved CPU), not the end of the traffic, and the
 * drain does not end on it.
 *
 * @author pid1 authors
 */
@FunctionalInterface
public interface WaitingConnections {

	/** Nothing known: the drain ends on the arrivals alone. */
	WaitingConnections UNKNOWN = OptionalInt::empty;

	/**
	 * Counts the connections that wait now.
	 * @return how many, or empty when it cannot be known
	 */
	OptionalInt count();

}
