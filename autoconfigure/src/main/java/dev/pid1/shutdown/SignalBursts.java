package dev.pid1.shutdown;

import java.time.Duration;

/**
 * Tells a repeated signal from a deliberate one. The same signal again within the burst
 * window after the first signal of its burst is a repeat (a supervisor or a script that
 * sends it again and again) and changes nothing; a signal after the window, or a
 * different one, is a separate signal: the second cuts the drain short, the third halts.
 * Not thread-safe: callers hold a lock.
 *
 * @author pid1 authors
 */
final class SignalBursts {

	private final long windowNanos;

	private int burstSignal;

	private long burstStart;

	private int separate;

	private int repeats;

	SignalBursts(Duration window) {
		this.windowNanos = window.toNanos();
	}

	/**
	 * Classifies a signal.
	 * @param signal the signal number
	 * @param now when it came
	 * @return how many separate signals came so far, this one included, or {@code 0} if
	 * it repeats the current burst
	 */
	int classify(int signal, long now) {
		if (this.separate > 0 && signal == this.burstSignal && now - this.burstStart <= this.windowNanos) {
			this.repeats++;
			return 0;
		}
		this.burstSignal = signal;
		this.burstStart = now;
		return ++this.separate;
	}

	int separate() {
		return this.separate;
	}

	int repeats() {
		return this.repeats;
	}

}
