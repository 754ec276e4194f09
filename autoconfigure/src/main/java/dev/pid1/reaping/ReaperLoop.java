package dev.pid1.reaping;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.NativePlatform;

/**
 * The reaper's thread: sleeps in the kernel ({@code waitid(WNOWAIT)}, which reaps
 * nothing) until a child exits, lets more exits queue up for a {@link BatchWindow}, then
 * runs a round; after a round that reaped it goes straight back to sleep in the kernel.
 * While zombies remain that cannot be reaped yet it polls, every {@code interval} or at
 * the next grace deadline, backing off to one wake-up a second; with no child at all it
 * wakes once a second.
 * <p>
 * No signal handler: the JDK resets SIGCHLD, and a handler runs on a new thread per
 * signal, which a storm of exits turns into thousands of threads.
 *
 * @author pid1 authors
 */
final class ReaperLoop implements Runnable {

	static final Duration IDLE_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(ReaperLoop.class);

	private final NativePlatform platform;

	private final long intervalNanos;

	private final Supplier<ReapRound> round;

	private final Consumer<Throwable> died;

	private final ReaperStatistics statistics;

	private final BatchWindow window = new BatchWindow();

	private volatile boolean running = true;

	private volatile @Nullable Thread thread;

	ReaperLoop(NativePlatform platform, Duration interval, Supplier<ReapRound> round, Consumer<Throwable> died,
			ReaperStatistics statistics) {
		this.platform = platform;
		this.intervalNanos = interval.toNanos();
		this.round = round;
		this.died = died;
		this.statistics = statistics;
	}

	void start() {
		this.thread = DaemonThreads.start("pid1-reaper", this);
	}

	/**
	 * Stops the loop. A thread asleep in the kernel notices at the next exit of a child;
	 * it is a daemon thread and never delays the JVM's exit.
	 */
	void stop() {
		this.running = false;
		Thread reaper = this.thread;
		if (reaper != null) {
			LockSupport.unpark(reaper);
		}
	}

	@Override
	public void run() {
		long backoff = this.intervalNanos;
		while (this.running) {
			try {
				ReapRound last = this.round.get();
				if (!this.running) {
					break;
				}
				this.window.reaped(last.reaped());
				if (last.reaped() > 0 && !last.hasDeadline()) {
					// It reaped: more exits are likely queued or coming (a storm). Sleep
					// in
					// the kernel until the next one, with no look in between: a look
					// costs
					// what a few reaps do.
					backoff = this.intervalNanos;
					awaitExit();
					continue;
				}
				boolean exited = this.platform.peekExitedChild().isPresent();
				if (!exited) {
					this.statistics.noZombies();
					backoff = this.intervalNanos;
					awaitExit();
				}
				else if (last.hasDeadline()) {
					// Zombies waiting out their grace: wake at the first deadline, and at
					// least every interval to see newcomers.
					long untilDeadline = last.nextDeadline() - System.nanoTime();
					sleep(Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(untilDeadline, this.intervalNanos)));
				}
				else {
					// Only zombies that are not ours to reap (the JDK is about to wait
					// for them): they go away by themselves, so back off.
					sleep(backoff);
					backoff = Math.min(backoff * 2, IDLE_INTERVAL.toNanos());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("pid1: reaper error, retrying in " + IDLE_INTERVAL.toMillis() + " ms: " + ex, ex);
				sleep(IDLE_INTERVAL.toNanos());
			}
			catch (Error ex) {
				// A binding that cannot link (JNA's UnsatisfiedLinkError,
				// NoClassDefFoundError) does not heal: the loop ends, and the reaper says
				// so instead of claiming to reap. The JVM's own errors (OutOfMemoryError)
				// are recorded, then go on to the thread's handler.
				this.running = false;
				this.died.accept(ex);
				if (ex instanceof VirtualMachineError) {
					throw ex;
				}
			}
		}
	}

	/** Sleeps in the kernel until a child has exited. */
	private void awaitExit() {
		if (!this.platform.awaitExitedChild()) {
			// No child at all (or interrupted), so nothing to block on: try again soon
			// after the last child went, then once a second, with nothing else to do
			// until a child exists and exits.
			long childless = this.intervalNanos;
			do {
				sleep(childless);
				childless = Math.min(childless * 2, IDLE_INTERVAL.toNanos());
			}
			while (this.running && !this.platform.awaitExitedChild());
		}
		// Let a storm's next exits queue up: one look reaps a batch, instead of one
		// wake-up per zombie.
		LockSupport.parkNanos(this.window.nanos());
	}

	private void sleep(long nanos) {
		if (this.running) {
			LockSupport.parkNanos(this, nanos);
		}
	}

}
