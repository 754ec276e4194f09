package dev.pid1.shutdown;

import java.util.concurrent.TimeUnit;

/**
 * Time as the shutdown sees it, so that tests run the sequence on a fake clock.
 *
 * @author pid1 authors
 */
interface ShutdownClock {

	/** The system's monotonic clock. */
	ShutdownClock SYSTEM = new ShutdownClock() {

		@Override
		public long nanoTime() {
			return System.nanoTime();
		}

		@Override
		public void await(Object monitor, long nanos) throws InterruptedException {
			TimeUnit.NANOSECONDS.timedWait(monitor, Math.max(nanos, 1_000_000));
		}

		@Override
		public void sleepUntil(long nanoTime) throws InterruptedException {
			long left;
			while ((left = nanoTime - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.sleep(left);
			}
		}

	};

	/**
	 * Now, as {@link System#nanoTime()}.
	 * @return the time in nanoseconds
	 */
	long nanoTime();

	/**
	 * Waits on a monitor the caller holds, for at most the given time.
	 * @param monitor the monitor
	 * @param nanos how long at most
	 * @throws InterruptedException if interrupted
	 */
	void await(Object monitor, long nanos) throws InterruptedException;

	/**
	 * Sleeps until a time.
	 * @param nanoTime the time, as {@link #nanoTime()}
	 * @throws InterruptedException if interrupted
	 */
	void sleepUntil(long nanoTime) throws InterruptedException;

}
