package dev.pid1.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot shutdown handler pid1 registers, which Spring Boot's shutdown hook runs
 * once it has closed the contexts it knows: the post-close steps, then the timeline.
 * <p>
 * With {@code spring.main.register-shutdown-hook=false} the hook knows no context, yet
 * still runs its handlers (adding one installs it), so after pid1's {@link System#exit}
 * nothing would close the context: no graceful close, a request in flight cut. A context
 * still active here was not closed by the hook, and pid1 closes it as the hook does
 * (close, then wait until it is inactive), on the hook's own thread, never through
 * {@link System#exit}, before the post-close steps.
 *
 * @author pid1 authors
 */
final class AfterClose implements Runnable {

	private static final Log logger = LogFactory.getLog(AfterClose.class);

	/** As Spring Boot's hook polls a context it closed. */
	private static final long POLL_MILLIS = 50;

	private static final long MAX_WAIT_MILLIS = Duration.ofMinutes(10).toMillis();

	private final ShutdownSequence sequence;

	private final ShutdownClock clock;

	private final Duration deadline;

	private final IntSupplier exitCode;

	private volatile List<PostCloseAction> actions = List.of();

	private volatile @Nullable ConfigurableApplicationContext context;

	AfterClose(ShutdownSequence sequence, ShutdownClock clock, Duration deadline, IntSupplier exitCode) {
		this.sequence = sequence;
		this.clock = clock;
		this.deadline = deadline;
		this.exitCode = exitCode;
	}

	void actions(List<PostCloseAction> actions) {
		this.actions = List.copyOf(actions);
	}

	/**
	 * The context to close if Spring Boot's hook does not.
	 * @param context the application's context
	 */
	void context(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void run() {
		ConfigurableApplicationContext context = this.context;
		if (context != null && context.isActive()) {
			this.sequence.note("the context is still open (spring.main.register-shutdown-hook=false): "
					+ "pid1 closes it as Spring Boot's shutdown hook would");
			closeAndWait(context);
		}
		this.sequence.moveTo(ShutdownPhase.CLOSED, ShutdownTrigger.EXIT, null, null);
		this.sequence.note("context closed");
		for (PostCloseAction action : this.actions) {
			try {
				action.afterClose(timeLeft());
				this.sequence.note("post-close: " + action);
			}
			catch (RuntimeException ex) {
				logger.warn("Post-close action " + action + " failed", ex);
			}
		}
		int code = this.exitCode.getAsInt();
		if (code >= 0) {
			this.sequence.note("JVM exits with " + code);
		}
		this.sequence.logTimeline();
	}

	/**
	 * Closes the context and waits until it is inactive: {@code close()} may return while
	 * another thread still closes it.
	 */
	private static void closeAndWait(ConfigurableApplicationContext context) {
		try {
			context.close();
			long waited = 0;
			while (context.isActive() && waited < MAX_WAIT_MILLIS) {
				Thread.sleep(POLL_MILLIS);
				waited += POLL_MILLIS;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("pid1 could not close the application context " + context, ex);
		}
	}

	private Duration timeLeft() {
		long now = this.clock.nanoTime();
		long elapsed = now - this.sequence.startOr(now);
		return Duration.ofNanos(Math.max(0, this.deadline.toNanos() - elapsed));
	}

}
