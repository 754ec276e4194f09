package dev.pid1.shutdown;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.Durations;

/**
 * The hard deadline and the halt: armed once, a daemon thread waits for the deadline and
 * then calls back; the halt logs what still runs, flushes the logs and ends the JVM at
 * once, before the orchestrator's SIGKILL. Nothing here reads a thread's context class
 * loader: the deadline thread gets pid1's own.
 *
 * @author pid1 authors
 */
final class HardDeadline {

	private static final Log logger = LogFactory.getLog(HardDeadline.class);

	private final Duration deadline;

	private final ShutdownClock clock;

	private final JvmExit exit;

	private final AtomicBoolean armed = new AtomicBoolean();

	private final AtomicBoolean halted = new AtomicBoolean();

	HardDeadline(Duration deadline, ShutdownClock clock, JvmExit exit) {
		this.deadline = deadline;
		this.clock = clock;
		this.exit = exit;
	}

	/**
	 * Arms the deadline, once: later calls change nothing.
	 * @param startNanos when the shutdown began
	 * @param onPassed called with the reason once the deadline has passed
	 * @return whether this call armed it
	 */
	boolean arm(long startNanos, Consumer<String> onPassed) {
		if (!this.armed.compareAndSet(false, true)) {
			return false;
		}
		long at = startNanos + this.deadline.toNanos();
		DaemonThreads.start("pid1-shutdown-deadline", () -> {
			try {
				this.clock.sleepUntil(at);
				onPassed.accept("deadline of " + Durations.format(this.deadline) + " passed");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return true;
	}

	/**
	 * Halts the JVM, once.
	 * @param reason why
	 * @param code the exit code
	 * @param beforeHalt what to log first (the timeline)
	 */
	void halt(String reason, int code, Runnable beforeHalt) {
		if (!this.halted.compareAndSet(false, true)) {
			return;
		}
		logger.error("pid1: " + reason + ", halting with exit code " + code + ". Threads still running:\n"
				+ ThreadDump.now());
		beforeHalt.run();
		this.exit.halt(code);
	}

}
