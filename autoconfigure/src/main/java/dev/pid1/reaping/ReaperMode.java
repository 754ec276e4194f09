package dev.pid1.reaping;

/**
 * The reaping mode asked for ({@code pid1.reaper.mode}): how the reaper should tell an
 * orphan, which it may reap, from a child the JDK is about to wait for, which it must
 * leave alone. What runs is the {@link ReaperDecision}: an active decision names the
 * {@link ReapStrategy} in effect.
 *
 * @author pid1 authors
 */
public enum ReaperMode {

	/**
	 * Exact mode when the JDK's registry of its children can be read, safe mode
	 * otherwise.
	 */
	AUTO,

	/**
	 * Reap a zombie as soon as it is seen, unless the JDK's registry of the children it
	 * waits for holds its pid. Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED};
	 * falls back to {@link #SAFE} without it.
	 */
	EXACT,

	/**
	 * Reap a zombie only after it stayed a zombie, same pid and same start time, for the
	 * grace period: the JDK waits for its own children at once, so one still unreaped
	 * after the grace is not the JDK's to take.
	 */
	SAFE,

	/**
	 * Do not reap.
	 */
	OFF

}
