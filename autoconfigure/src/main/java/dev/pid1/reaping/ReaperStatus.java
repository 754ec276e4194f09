package dev.pid1.reaping;

import org.jspecify.annotations.Nullable;

/**
 * What the reaper has done so far.
 *
 * @param active whether it reaps (this JVM is PID 1 or a child subreaper)
 * @param mode {@code exact} or {@code safe} when active, {@code off} when off,
 * {@code null} otherwise
 * @param detail why it does not run, or how it runs (and for safe mode how to get exact
 * mode)
 * @param reaped how many zombies it reaped
 * @param zombies zombies waiting to be reaped at the last look
 * @param peakZombies the most zombies seen at once
 * @param lastReaped the last process reaped, {@code null} before the first
 * @author pid1 authors
 */
public record ReaperStatus(boolean active, @Nullable String mode, String detail, long reaped, int zombies,
		int peakZombies, @Nullable ReapedProcess lastReaped) {

}
