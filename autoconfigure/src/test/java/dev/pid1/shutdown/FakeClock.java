package dev.pid1.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A clock for tests: time moves only when a test advances it, or when a waiter waits (the
 * wait takes no real time, only fake time, and the world's listeners see each 10 ms
 * step). It starts near {@link Long#MAX_VALUE}, so that every computation must survive
 * the wrap-around of {@link System#nanoTime()}.
 */
final class FakeClock implements ShutdownClock {

	static final long ORIGIN = Long.MAX_VALUE - Duration.ofSeconds(5).toNanos();

	/** The grid on which the listeners see the time. */
	private static final long STEP = Duration.ofMillis(10).toNanos();

	private final AtomicLong now = new AtomicLong(ORIGIN);

	private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

	private final boolean advanceOnWait;

	FakeClock(boolean advanceOnWait) {
		this.advanceOnWait = advanceOnWait;
	}

	/**
	 * Adds a listener that sees each step of the time, with the time since
	 * {@link #ORIGIN}.
	 * @param listener the listener
	 * @return this clock
	 */
	FakeClock onStep(LongConsumer listener) {
		this.listeners.add(listener);
		return this;
	}

	@Override
	public long nanoTime() {
		return this.now.get();
	}

	long elapsedMillis() {
		return Duration.ofNanos(this.now.get() - ORIGIN).toMillis();
	}

	void advance(Duration duration) {
		// The listeners see the time on a 10 ms grid however it is advanced: a world that
		// sends a request per step keeps its rate when waiters wait in shorter slices.
		long left = duration.toNanos();
		while (left > 0) {
			long current = this.now.get();
			long toTick = STEP - Math.floorMod(current - ORIGIN, STEP);
			long step = Math.min(toTick, left);
			if (!this.now.compareAndSet(current, current + step)) {
				continue;
			}
			left -= step;
			if (step == toTick) {
				long elapsed = current + step - ORIGIN;
				this.listeners.forEach((listener) -> listener.accept(elapsed));
			}
		}
	}

	@Override
	public void await(Object monitor, long nanos) throws InterruptedException {
		if (this.advanceOnWait) {
			advance(Duration.ofNanos(Math.max(nanos, 1_000_000)));
		}
		// Let other threads take the monitor for a moment.
		monitor.wait(1);
	}

	@Override
	public void sleepUntil(long nanoTime) throws InterruptedException {
		while (nanoTime - this.now.get() > 0) {
			Thread.sleep(1);
		}
	}

}
