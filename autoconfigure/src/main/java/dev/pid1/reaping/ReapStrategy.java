package dev.pid1.reaping;

import java.time.Duration;
import java.util.List;

/**
 * How the reaper tells an orphan, which it may reap, from a child the JDK is about to
 * wait for, which it must leave alone: {@link ExactStrategy} or {@link SafeStrategy}.
 * Called by one thread at a time.
 *
 * @author pid1 authors
 */
public sealed interface ReapStrategy permits ExactStrategy, SafeStrategy {

	/**
	 * The strategy's name as the log, the endpoint and {@code pid1.reaper.mode} spell it.
	 * @return {@code exact} or {@code safe}
	 */
	String name();

	/**
	 * How long a zombie may wait before this strategy reaps it, at most.
	 * @return zero for exact mode, the grace for safe mode
	 */
	Duration reapDelay();

	/**
	 * Looks at the children once and reaps every zombie the strategy allows.
	 * @param children the children of this JVM's leader task
	 * @param now the time of the look ({@link System#nanoTime()})
	 * @return what the round did
	 */
	ReapRound reap(List<Long> children, long now);

}
