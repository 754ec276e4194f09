package dev.pid1.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.Signals;

/**
 * Runs the shutdown sequence, however it starts: readiness to
 * {@link ReadinessState#REFUSING_TRAFFIC} at once, an adaptive drain while the app keeps
 * serving, then Spring's own graceful close, the {@link PostCloseAction post-close
 * actions}, and the exit code.
 * <p>
 * A SIGTERM or SIGINT drains on the signal's thread while the context is still whole, and
 * only then calls {@link System#exit}, which runs Spring Boot's shutdown hook. A preStop
 * call drains the same way and the SIGTERM that follows goes straight to the close. A
 * plain {@code context.close()} drains inside {@link #drainLifecycle()}, which stops
 * before the web servers' graceful shutdown. A second signal cuts the drain short; one
 * more while closing, or the hard deadline, logs a thread dump and halts.
 *
 * @author pid1 authors
 */
public class ShutdownCoordinator implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(ShutdownCoordinator.class);

	private final ShutdownSettings settings;

	private final ApplicationEventPublisher publisher;

	private final BooleanSupplier drainWanted;

	private final BooleanSupplier webServerPresent;

	private final Supplier<List<ShutdownObserver>> observers;

	private final Supplier<List<PostCloseAction>> postCloseActions;

	private final boolean handleSignals;

	private final SignalHandlers signalHandlers = new SignalHandlers(this::onSignal);

	private final Object monitor = new Object();

	private final Timeline timeline = new Timeline();

	private final AtomicInteger signals = new AtomicInteger();

	private final AtomicLong requestsDuringDrain = new AtomicLong();

	private final AtomicInteger halts = new AtomicInteger();

	private volatile boolean deadlineArmed;

	private volatile boolean ready;

	private volatile State state = State.RUNNING;

	private volatile String trigger;

	private volatile long startNanos;

	private volatile long lastRequestNanos;

	private volatile boolean draining;

	private volatile boolean drainEnded;

	private volatile boolean drainCut;

	private volatile String drainOutcome;

	private volatile long drainNanos;

	private volatile boolean exiting;

	private volatile int exitCode = -1;

	private volatile boolean shutdownHandlerRegistered;

	private volatile boolean timelineLogged;

	/**
	 * Why this app does not drain, or {@code null} when it does: decided once, on the
	 * thread that publishes {@link ApplicationReadyEvent} (the main thread), never on a
	 * signal's thread, whose context class loader the JVM chooses (the system class
	 * loader on Java 21+, which under {@code java -jar} sees none of the app's classes).
	 */
	private volatile String drainSkip = "the app was not ready yet";

	private List<ShutdownObserver> resolvedObservers = List.of();

	private List<PostCloseAction> resolvedActions = List.of();

	/**
	 * Creates a coordinator.
	 * @param settings the settings
	 * @param publisher where to publish readiness changes (the application context)
	 * @param drainWanted whether the environment calls for a drain in
	 * {@link DrainMode#AUTO} (a container, Kubernetes, PID 1)
	 * @param webServerPresent whether the app runs a web server
	 * @param observers observers, resolved when the context has started
	 * @param postCloseActions post-close actions, resolved when the context has started
	 * @param handleSignals whether to handle SIGTERM and SIGINT
	 */
	public ShutdownCoordinator(ShutdownSettings settings, ApplicationEventPublisher publisher,
			BooleanSupplier drainWanted, BooleanSupplier webServerPresent, Supplier<List<ShutdownObserver>> observers,
			Supplier<List<PostCloseAction>> postCloseActions, boolean handleSignals) {
		this.settings = settings;
		this.publisher = publisher;
		this.drainWanted = drainWanted;
		this.webServerPresent = webServerPresent;
		this.observers = observers;
		this.postCloseActions = postCloseActions;
		this.handleSignals = handleSignals;
	}

	/**
	 * The lifecycle that drains when the context closes: it stops first, before the web
	 * servers' graceful shutdown.
	 * @return the drain lifecycle
	 */
	public ShutdownLifecycles.Drain drainLifecycle() {
		return new ShutdownLifecycles.Drain(this);
	}

	/**
	 * The lifecycle that stops last, once the web servers have closed.
	 * @return the closed lifecycle
	 */
	public ShutdownLifecycles.Closed closedLifecycle() {
		return new ShutdownLifecycles.Closed(this);
	}

	void started() {
		this.resolvedObservers = List.copyOf(this.observers.get());
		this.resolvedActions = List.copyOf(this.postCloseActions.get());
		if (this.handleSignals) {
			this.signalHandlers.install();
		}
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (this.ready || event.getApplicationContext().getParent() != null) {
			return;
		}
		this.drainSkip = decideDrain();
		this.ready = true;
		if (!this.shutdownHandlerRegistered) {
			try {
				org.springframework.boot.SpringApplication.getShutdownHandlers().add(this::afterClose);
				this.shutdownHandlerRegistered = true;
			}
			catch (IllegalStateException ex) {
				// Shutdown already in progress: the timeline is logged when the servers
				// stop.
			}
		}
	}

	/**
	 * Called for every request on the main port.
	 * @return whether the app is shutting down, so that the response should close its
	 * connection
	 */
	public boolean onRequest() {
		if (this.state == State.RUNNING) {
			return false;
		}
		if (this.draining && !this.drainEnded) {
			this.lastRequestNanos = System.nanoTime();
			this.requestsDuringDrain.incrementAndGet();
		}
		return this.settings.connectionClose();
	}

	/**
	 * Handles SIGTERM or SIGINT: the first starts the sequence and exits, a second cuts
	 * the drain short, one more while closing halts.
	 * @param signal the signal number
	 */
	void onSignal(int signal) {
		int count = this.signals.incrementAndGet();
		if (count == 1) {
			this.exitCode = this.settings.exitCodes().forSignal(signal);
			this.exiting = true;
			if (!begin("SIG" + Signals.name(signal), true)) {
				this.timeline.add("SIG" + Signals.name(signal) + " received");
				armDeadline();
			}
			awaitDrain();
			this.timeline.add("exit(" + this.exitCode + "): Spring Boot's shutdown hook closes the context");
			System.exit(this.exitCode);
			return;
		}
		synchronized (this.monitor) {
			if (this.draining && !this.drainEnded && !this.drainCut) {
				this.drainCut = true;
				this.timeline.add("SIG" + Signals.name(signal) + " #" + count + ": drain cut short");
				this.monitor.notifyAll();
				return;
			}
		}
		halt("SIG" + Signals.name(signal) + " #" + count + " while closing");
	}

	/**
	 * Starts the drain for a Kubernetes preStop hook and waits until it has ended. The
	 * SIGTERM that follows closes without a second drain; calling again waits for the
	 * same drain, or returns at once when it has ended.
	 * @return how the drain went
	 */
	public PreStopResult preStop() {
		this.exiting = true;
		begin("preStop", true);
		awaitDrain();
		return new PreStopResult(this.draining, this.drainOutcome, TimeUnit.NANOSECONDS.toMillis(this.drainNanos),
				this.requestsDuringDrain.get());
	}

	void contextClosing() {
		begin("close", false);
		awaitDrain();
		this.timeline.add("graceful close: lifecycles stop, web servers finish in-flight requests");
		if (!this.exiting) {
			this.signalHandlers.uninstall();
		}
	}

	void lifecyclesStopped() {
		if (this.startNanos == 0) {
			return;
		}
		Duration total = Duration.ofNanos(System.nanoTime() - this.startNanos);
		this.timeline.add("lifecycles stopped: web servers closed");
		this.resolvedObservers.forEach((observer) -> observer.shutdownEnded(total));
		if (!this.shutdownHandlerRegistered) {
			logTimeline();
		}
	}

	void afterClose() {
		if (this.startNanos == 0) {
			begin("exit", false);
		}
		this.timeline.add("context closed");
		for (PostCloseAction action : this.resolvedActions) {
			try {
				action.afterClose(timeLeft());
				this.timeline.add("post-close: " + action);
			}
			catch (RuntimeException ex) {
				logger.warn("Post-close action " + action + " failed", ex);
			}
		}
		if (this.exitCode >= 0) {
			this.timeline.add("JVM exits with " + this.exitCode);
		}
		logTimeline();
	}

	private Duration timeLeft() {
		long left = this.settings.deadline().toNanos() - (System.nanoTime() - this.startNanos);
		return Duration.ofNanos(Math.max(0, left));
	}

	private boolean begin(String trigger, boolean armDeadline) {
		synchronized (this.monitor) {
			if (this.startNanos != 0) {
				if (armDeadline) {
					armDeadline();
				}
				return false;
			}
			this.startNanos = System.nanoTime();
			this.lastRequestNanos = this.startNanos;
			this.trigger = trigger;
			this.timeline.start(this.startNanos);
			this.timeline.add("shutdown begins: " + trigger);
			this.state = State.DRAINING;
			if (armDeadline) {
				armDeadline();
			}
		}
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		this.timeline.add("readiness REFUSING_TRAFFIC");
		String skip = this.drainSkip;
		synchronized (this.monitor) {
			if (skip == null) {
				this.draining = true;
				this.timeline.add("drain begins: min " + ShutdownSettings.millis(this.settings.drainMin())
						+ ", quiet period " + ShutdownSettings.millis(this.settings.quietPeriod()) + ", max "
						+ ShutdownSettings.millis(this.settings.drainMax()));
			}
			else {
				this.drainEnded = true;
				this.drainOutcome = "no drain: " + skip;
				this.state = State.CLOSING;
				this.timeline.add(this.drainOutcome);
			}
		}
		if (skip == null) {
			this.resolvedObservers.forEach(ShutdownObserver::drainStarted);
		}
		return true;
	}

	private String decideDrain() {
		boolean applies = switch (this.settings.drainMode()) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> this.drainWanted.getAsBoolean();
		};
		if (!applies) {
			return (this.settings.drainMode() == DrainMode.NEVER) ? "pid1.shutdown.drain=never"
					: "no container, Kubernetes or PID 1 (pid1.shutdown.drain=auto)";
		}
		if (!this.webServerPresent.getAsBoolean()) {
			return "no web server";
		}
		return null;
	}

	private void awaitDrain() {
		boolean ended = false;
		Duration took = null;
		synchronized (this.monitor) {
			try {
				while (!this.drainEnded) {
					long now = System.nanoTime();
					long maxEnd = this.startNanos + this.settings.drainMax().toNanos();
					long quietEnd = this.lastRequestNanos + this.settings.quietPeriod().toNanos();
					long target = Math.min(maxEnd,
							Math.max(this.startNanos + this.settings.drainMin().toNanos(), quietEnd));
					String outcome = null;
					if (this.drainCut) {
						outcome = "cut short by a second signal";
					}
					else if (now - maxEnd >= 0) {
						outcome = "maximum reached";
					}
					else if (now - target >= 0) {
						outcome = "quiet for " + ShutdownSettings.millis(this.settings.quietPeriod());
					}
					if (outcome != null) {
						this.drainEnded = true;
						this.drainNanos = now - this.startNanos;
						this.drainOutcome = outcome;
						this.state = State.CLOSING;
						this.monitor.notifyAll();
						ended = true;
						took = Duration.ofNanos(this.drainNanos);
						break;
					}
					long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(target - now) + 1);
					this.monitor.wait(waitMillis);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (ended) {
			long requests = this.requestsDuringDrain.get();
			Duration duration = took;
			this.timeline.add("drain ends: " + this.drainOutcome + ", " + requests + " requests during the drain");
			this.resolvedObservers.forEach((observer) -> observer.drainEnded(duration, requests));
		}
	}

	private void armDeadline() {
		synchronized (this.monitor) {
			if (this.deadlineArmed) {
				return;
			}
			this.deadlineArmed = true;
		}
		long deadlineNanos = this.startNanos + this.settings.deadline().toNanos();
		DaemonThreads.start("pid1-shutdown-deadline", () -> {
			try {
				long left;
				while ((left = deadlineNanos - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.sleep(left);
				}
				halt("deadline of " + ShutdownSettings.millis(this.settings.deadline()) + " passed");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private void halt(String reason) {
		if (this.halts.getAndIncrement() > 0) {
			return;
		}
		this.state = State.HALTING;
		int code = (this.exitCode >= 0) ? this.exitCode : this.settings.exitCodes().forSignal(Signals.SIGTERM);
		this.timeline.add("halt: " + reason);
		logger.error("pid1: " + reason + ", halting with exit code " + code + ". Threads still running:\n"
				+ ThreadDump.now());
		logTimeline();
		flushLogs();
		Runtime.getRuntime().halt(code);
	}

	private void flushLogs() {
		try {
			LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());
			Runnable shutdownHandler = loggingSystem.getShutdownHandler();
			if (shutdownHandler != null) {
				shutdownHandler.run();
			}
		}
		catch (Throwable ex) {
			// Best effort: the halt comes next either way.
		}
		System.out.flush();
		System.err.flush();
	}

	private void logTimeline() {
		synchronized (this.monitor) {
			if (this.timelineLogged) {
				return;
			}
			this.timelineLogged = true;
		}
		for (String line : this.timeline.lines()) {
			logger.info("pid1 shutdown " + line);
		}
	}

	/**
	 * Where the shutdown stands.
	 * @return the status
	 */
	public ShutdownStatus status() {
		long now = System.nanoTime();
		boolean started = this.startNanos != 0;
		Long elapsed = started ? TimeUnit.NANOSECONDS.toMillis(now - this.startNanos) : null;
		Long timeLeft = null;
		Long maxLeft = null;
		if (this.draining && !this.drainEnded) {
			long maxEnd = this.startNanos + this.settings.drainMax().toNanos();
			long target = Math.min(maxEnd, Math.max(this.startNanos + this.settings.drainMin().toNanos(),
					this.lastRequestNanos + this.settings.quietPeriod().toNanos()));
			timeLeft = Math.max(0, TimeUnit.NANOSECONDS.toMillis(target - now));
			maxLeft = Math.max(0, TimeUnit.NANOSECONDS.toMillis(maxEnd - now));
		}
		boolean drain = this.draining || (!started && this.drainSkip == null);
		return new ShutdownStatus(this.state.name().toLowerCase(Locale.ROOT), this.trigger,
				started ? this.timeline.last() : null, elapsed, timeLeft, maxLeft, this.requestsDuringDrain.get(),
				this.signals.get(), drain, this.settings.drainMin().toMillis(), this.settings.quietPeriod().toMillis(),
				this.settings.drainMax().toMillis(), this.settings.deadline().toMillis());
	}

	/**
	 * The settings in use.
	 * @return the settings
	 */
	public ShutdownSettings settings() {
		return this.settings;
	}

	private enum State {

		RUNNING, DRAINING, CLOSING, HALTING

	}

	/**
	 * Phases with their times since the start of shutdown.
	 */
	private static final class Timeline {

		private final List<String> lines = new ArrayList<>();

		private long start;

		synchronized void start(long startNanos) {
			this.start = startNanos;
		}

		synchronized void add(String phase) {
			long millis = (this.start != 0) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.start) : 0;
			this.lines.add(String.format("+%6d ms  %s", millis, phase));
		}

		synchronized List<String> lines() {
			return List.copyOf(this.lines);
		}

		synchronized String last() {
			if (this.lines.isEmpty()) {
				return null;
			}
			String line = this.lines.get(this.lines.size() - 1);
			return line.substring(line.indexOf("ms  ") + 4);
		}

	}

}
