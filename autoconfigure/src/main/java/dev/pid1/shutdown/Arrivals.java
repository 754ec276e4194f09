package dev.pid1.shutdown;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The arrival times of the latest requests on the main port, always recorded (a clock
 * read and two atomic writes per request), so that the drain knows the traffic from the
 * moment it begins. Readers take a snapshot; a slot being written at that instant may be
 * missed, which costs nothing but one arrival.
 *
 * @author pid1 authors
 */
final class Arrivals {

	/** Enough for 8 s at 1000 requests/s. */
	static final int CAPACITY = 8192;

	private static final long EMPTY = Long.MIN_VALUE;

	private final AtomicLongArray times = new AtomicLongArray(CAPACITY);

	private final AtomicLong count = new AtomicLong();

	Arrivals() {
		for (int i = 0; i < CAPACITY; i++) {
			this.times.set(i, EMPTY);
		}
	}

	void record(long nanoTime) {
		long index = this.count.getAndIncrement();
		this.times.set((int) (index & (CAPACITY - 1)), nanoTime);
	}

	/**
	 * The statistics of the arrivals in the window that ends with the latest arrival.
	 * @param windowNanos the window
	 * @return the statistics
	 */
	Stats stats(long windowNanos) {
		long[] snapshot = new long[CAPACITY];
		int n = 0;
		long end = this.count.get();
		// In the order they were recorded: nearly sorted, which the sort is quick with.
		for (long i = Math.max(0, end - CAPACITY); i < end; i++) {
			long time = this.times.get((int) (i & (CAPACITY - 1)));
			if (time != EMPTY) {
				snapshot[n++] = time;
			}
		}
		return Stats.of(Arrays.copyOf(snapshot, n), windowNanos);
	}

	/**
	 * What the recent arrivals say about the traffic.
	 *
	 * @param count arrivals in the window
	 * @param last the latest arrival, as {@link System#nanoTime()}, meaningless when
	 * {@code count} is 0
	 * @param rate arrivals per second over the window
	 * @param meanGapNanos the mean gap between the arrivals in the window: the window
	 * divided by their count
	 * @param longestGapNanos the longest gap between them
	 * @param covered whether the arrivals cover the whole window (the first one recorded
	 * came a window or more before the last, or the record is full): traffic that began
	 * only just now says too little
	 */
	record Stats(int count, long last, double rate, long meanGapNanos, long longestGapNanos, boolean covered) {

		static final Stats NONE = new Stats(0, 0, 0, 0, 0, false);

		/**
		 * Computes the statistics of arrival times.
		 * @param times the arrival times, in any order (arrivals on different threads
		 * record out of order)
		 * @param windowNanos the window, ending at the latest arrival
		 * @return the statistics
		 */
		static Stats of(long[] times, long windowNanos) {
			if (times.length == 0) {
				return NONE;
			}
			long[] sorted = times.clone();
			// nanoTime values compare by their difference, so sort relative to one.
			long base = sorted[0];
			for (int i = 0; i < sorted.length; i++) {
				sorted[i] -= base;
			}
			Arrays.sort(sorted);
			long last = sorted[sorted.length - 1];
			int first = sorted.length - 1;
			while (first > 0 && last - sorted[first - 1] <= windowNanos) {
				first--;
			}
			int count = sorted.length - first;
			long longest = 0;
			for (int i = first + 1; i < sorted.length; i++) {
				longest = Math.max(longest, sorted[i] - sorted[i - 1]);
			}
			boolean covered = last - sorted[0] >= windowNanos || sorted.length >= CAPACITY;
			return new Stats(count, last + base, count * 1e9 / windowNanos, windowNanos / count, longest, covered);
		}

	}

}
