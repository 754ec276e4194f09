package dev.pid1.platform;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link NativePlatform#reapIfExited}.
 *
 * @param exited whether the process had exited (was a zombie)
 * @param status how it ended, when it was reaped; {@code null} when it was not (it has
 * not exited, the judge declined, or someone else reaped it first)
 * @author pid1 authors
 */
public record ReapAttempt(boolean exited, @Nullable ExitStatus status) {

	/** The process has not exited, or no child has the pid any more. */
	public static final ReapAttempt NOT_EXITED = new ReapAttempt(false, null);

	/**
	 * The process had exited and was left alone (the judge declined, or it was taken).
	 */
	public static final ReapAttempt LEFT = new ReapAttempt(true, null);

	/**
	 * A reaped process.
	 * @param status how it ended
	 * @return the attempt
	 */
	public static ReapAttempt reaped(ExitStatus status) {
		return new ReapAttempt(true, status);
	}

	/**
	 * Whether the process was reaped.
	 * @return whether {@link #status()} is set
	 */
	public boolean reaped() {
		return this.status != null;
	}

}
