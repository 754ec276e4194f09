package dev.pid1.platform;

/**
 * The outcome of {@link ProcessPlatform#reapIf}.
 *
 * @param stat the stat of the process that had the pid, read while it was pinned;
 * {@code null} when no process had it, or when it was not read
 * @param exited whether that process had exited (was a zombie)
 * @param status how it ended, when it was reaped; {@code null} when it was not (it is not
 * a zombie, the judge declined, or someone else reaped it first)
 * @author pid1 authors
 */
public record ReapAttempt(ProcessStat stat, boolean exited, ExitStatus status) {

	/** No process had the pid. */
	public static final ReapAttempt GONE = new ReapAttempt(null, false, null);

	/**
	 * An attempt that did not reap.
	 * @param stat the stat read
	 * @return the attempt
	 */
	public static ReapAttempt notReaped(ProcessStat stat) {
		return new ReapAttempt(stat, stat.isZombie(), null);
	}

	/**
	 * Whether the process was reaped.
	 * @return whether {@link #status()} is set
	 */
	public boolean reaped() {
		return this.status != null;
	}

}
