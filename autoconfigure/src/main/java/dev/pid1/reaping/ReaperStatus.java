package dev.pid1.reaping;

import org.jspecify.annotations.Nullable;

/**
 * What the reaper has done so far.
 *
 * @param active whether it reaps (this JVM is PID 1 or a child subreaper)
 * @param mode the mode in effect: {@link Mode#EXACT} or {@link Mode#SAFE} when active,
 * {@link Mode#OFF} when off, {@code null} otherwise (not decided yet, or inactive)
 * @param detail why it does not run, or how it runs (and for safe mode how to get exact
 * mode)
 * @param reaped how many zombies it reaped
 * @param zombies zombies waiting to be reaped at the last look
 * @param peakZombies the most zombies seen at once
 * @param lastReaped the last process reaped, {@code null} before the first
 * @param problem why it does not reap although this JVM's zombies are its own to reap
 * (PID 1 without native support, or a reaper thread that died), {@code null} otherwise
 * @author pid1 authors
 */
public record ReaperStatus(boolean active, @Nullable Mode mode, String detail, long reaped, int zombies,
		int peakZombies, @Nullable ReapedProcess lastReaped, @Nullable ReaperProblem problem) {

	/**
	 * A status without a problem.
	 * @param active whether it reaps
	 * @param mode the mode in effect
	 * @param detail why it does not run, or how it runs
	 * @param reaped how many zombies it reaped
	 * @param zombies zombies waiting to be reaped at the last look
	 * @param peakZombies the most zombies seen at once
	 * @param lastReaped the last process reaped, {@code null} before the first
	 */
	public ReaperStatus(boolean active, @Nullable Mode mode, String detail, long reaped, int zombies, int peakZombies,
			@Nullable ReapedProcess lastReaped) {
		this(active, mode, detail, reaped, zombies, peakZombies, lastReaped, null);
	}

	/**
	 * The reaping mode in effect (what {@code pid1.reaper.mode} asked for is
	 * {@link ReaperMode}).
	 */
	public enum Mode {

		/** Orphans are reaped as soon as they are seen ({@link ExactStrategy}). */
		EXACT,

		/** A zombie is reaped once it stayed one for the grace ({@link SafeStrategy}). */
		SAFE,

		/** {@code pid1.reaper.mode=off}. */
		OFF

	}

}
