package dev.pid1.reaping;

import org.jspecify.annotations.Nullable;

/**
 * What one look at the children of this JVM's leader task did.
 *
 * @param reaped zombies reaped
 * @param waiting zombies left for now (safe mode: their grace has not run out; exact
 * mode: the JDK waits for them)
 * @param nextDeadline when the first waiting zombie's grace runs out
 * ({@link System#nanoTime()}), or {@link #NO_DEADLINE}
 * @param lastReaped one of the processes reaped, {@code null} when none was
 * @author pid1 authors
 */
record ReapRound(int reaped, int waiting, long nextDeadline, @Nullable ReapedProcess lastReaped) {

	/** No zombie waits out a grace. */
	static final long NO_DEADLINE = Long.MAX_VALUE;

	static final ReapRound NOTHING = new ReapRound(0, 0, NO_DEADLINE, null);

	boolean hasDeadline() {
		return this.nextDeadline != NO_DEADLINE;
	}

}
