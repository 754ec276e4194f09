package dev.pid1.shutdown;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.Durations;
import dev.pid1.platform.Signals;

/**
 * Where each way into the shutdown enters the {@link ShutdownSequence}: a SIGTERM or
 * SIGINT (on the signal's thread), a preStop call, {@code context.close()} (through
 * {@link ShutdownLifecycles}), the end of the close, and the JVM's exit.
 * <p>
 * A signal drains on its own thread while the context is still whole, then calls
 * {@link System#exit}, whose shutdown hook (Spring Boot's) closes the context, or pid1's
 * handler in it when that hook does not ({@link AfterClose}); a preStop call drains the
 * same way, and the SIGTERM that follows goes straight to the close. A repeat of the same
 * signal within the burst window changes nothing; a second, separate signal cuts the
 * drain short; one more, or the hard deadline, halts. The drain decision is taken on
 * {@link ApplicationReadyEvent}, on the main thread: nothing on a signal's thread, the
 * deadline's thread or in the shutdown hook reads a context class loader.
 *
 * @author pid1 authors
 */
public class ShutdownCoordinator implements ApplicationListener<ApplicationReadyEvent> {

	private final ShutdownSettings settings;

	private final Supplier<EnvironmentFacts> environment;

	private final BooleanSupplier webServerPresent;

	private final Supplier<List<ShutdownObserver>> observers;

	private final Supplier<List<PostCloseAction>> postCloseActions;

	private final boolean handleSignals;

	private final ShutdownSequence sequence;

	private final ShutdownClock clock;

	private final JvmExit exit;

	private final HardDeadline deadline;

	private final SignalBursts bursts;

	private final SignalHandlers signalHandlers = new SignalHandlers(this::onSignal);

	private volatile boolean ready;

	private volatile boolean exiting;

	private volatile int exitCode = -1;

	private volatile boolean shutdownHandlerRegistered;

	private final AfterClose afterClose;

	/**
	 * Creates a coordinator.
	 * @param settings the settings
	 * @param publisher where to publish readiness changes (the application context)
	 * @param environment where this JVM runs, which decides whether
	 * {@link DrainMode#AUTO} drains (a container, Kubernetes, PID 1)
	 * @param webServerPresent whether the app runs a web server (an observer whose server
	 * {@link ShutdownObserver#takesTraffic() takes traffic} counts as one)
	 * @param waitingConnections the connections to the main port waiting in the kernel,
	 * which hold a drain that would end on silence
	 * @param observers observers, resolved when the context has started
	 * @param postCloseActions post-close actions, resolved when the context has started
	 * @param handleSignals whether to handle SIGTERM and SIGINT
	 */
	public ShutdownCoordinator(ShutdownSettings settings, ApplicationEventPublisher publisher,
			Supplier<EnvironmentFacts> environment, BooleanSupplier webServerPresent,
			WaitingConnections waitingConnections, Supplier<List<ShutdownObserver>> observers,
			Supplier<List<PostCloseAction>> postCloseActions, boolean handleSignals) {
		this(settings, publisher, environment, webServerPresent, waitingConnections, observers, postCloseActions,
				handleSignals, ShutdownClock.SYSTEM, JvmExit.SYSTEM);
	}

	ShutdownCoordinator(ShutdownSettings settings, ApplicationEventPublisher publisher,
			Supplier<EnvironmentFacts> environment, BooleanSupplier webServerPresent,
			WaitingConnections waitingConnections, Supplier<List<ShutdownObserver>> observers,
			Supplier<List<PostCloseAction>> postCloseActions, boolean handleSignals, ShutdownClock clock,
			JvmExit exit) {
		this.settings = settings;
		this.environment = environment;
		this.webServerPresent = webServerPresent;
		this.observers = observers;
		this.postCloseActions = postCloseActions;
		this.handleSignals = handleSignals;
		this.clock = clock;
		this.exit = exit;
		this.sequence = new ShutdownSequence(settings, clock, publisher, waitingConnections);
		this.deadline = new HardDeadline(settings.deadline(), clock, exit);
		this.bursts = new SignalBursts(settings.signalBurstWindow());
		this.afterClose = new AfterClose(this.sequence, clock, settings.deadline(), () -> this.exitCode);
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
		this.sequence.observe(this.observers.get());
		this.afterClose.actions(this.postCloseActions.get());
		if (this.handleSignals) {
			this.signalHandlers.install();
		}
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (this.ready || event.getApplicationContext().getParent() != null) {
			return;
		}
		ready();
		this.afterClose.context(event.getApplicationContext());
		try {
			SpringApplication.getShutdownHandlers().add(this::afterClose);
			this.shutdownHandlerRegistered = true;
		}
		catch (IllegalStateException ex) {
			// Shutdown already in progress: the timeline is logged when the servers stop.
		}
	}

	/**
	 * Takes the drain decision, once, on the main thread.
	 */
	void ready() {
		this.sequence.decided(DrainDecision.reasonNotToDrain(this.settings.drainMode(), this.environment,
				() -> this.webServerPresent.getAsBoolean() || observersTakeTraffic()));
		this.ready = true;
	}

	private boolean observersTakeTraffic() {
		for (ShutdownObserver observer : this.observers.get()) {
			if (observer.takesTraffic()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds an event to the shutdown's timeline: what an observer did (the gRPC server's
	 * drain).
	 * @param event the event, in words
	 */
	public void note(String event) {
		this.sequence.note(event);
	}

	/**
	 * Called for every request on the main port (the one hook of the servlet and reactive
	 * filters).
	 * @return whether the app is shutting down and the response should close its
	 * connection
	 */
	public boolean onRequest() {
		return this.sequence.onRequest() && this.settings.connectionClose();
	}

	/**
	 * Handles SIGTERM or SIGINT, on the signal's thread.
	 * @param signal the signal number
	 */
	void onSignal(int signal) {
		String name = "SIG" + Signals.name(signal);
		int separate;
		synchronized (this.bursts) {
			separate = this.bursts.classify(signal, this.clock.nanoTime());
			if (separate == 0 && this.bursts.repeats() == 1) {
				this.sequence.note(name + " repeated within " + Durations.format(this.settings.signalBurstWindow())
						+ ": one shutdown (pid1.shutdown.signal-burst-window)");
			}
		}
		if (separate == 0) {
			return;
		}
		if (separate == 1) {
			this.exitCode = this.settings.exitCodes().forSignal(signal);
			this.exiting = true;
			// Armed before anything else runs: readiness listeners and observers may
			// block.
			armDeadline();
			if (!this.sequence.begin(ShutdownTrigger.ofSignal(signal))) {
				this.sequence.note(name + " received");
			}
			this.sequence.awaitDrain();
			this.sequence.note("exit(" + this.exitCode + "): Spring Boot's shutdown hook closes the context");
			this.exit.exit(this.exitCode);
			return;
		}
		if (separate == 2 && this.sequence.cut(name + " #2")) {
			return;
		}
		halt(name + " #" + separate + " while closing");
	}

	/**
	 * Starts the drain for a Kubernetes preStop hook and waits until it has ended. The
	 * SIGTERM that follows closes without a second drain; calling again waits for the
	 * same drain, or returns at once when it has ended.
	 * @return how the drain went
	 */
	public PreStopResult preStop() {
		this.exiting = true;
		armDeadline();
		this.sequence.begin(ShutdownTrigger.PRE_STOP);
		this.sequence.awaitDrain();
		return this.sequence.drainResult();
	}

	/**
	 * Arms the deadline from the start of the shutdown, or from now when it has not begun
	 * (it begins next).
	 */
	private void armDeadline() {
		this.deadline.arm(this.sequence.startOr(this.clock.nanoTime()), this::halt);
	}

	void contextClosing() {
		this.sequence.begin(ShutdownTrigger.CLOSE);
		this.sequence.awaitDrain();
		this.sequence.moveTo(ShutdownPhase.CLOSING, null, null, null);
		if (!this.exiting) {
			this.signalHandlers.uninstall();
		}
	}

	void lifecyclesStopped() {
		if (this.sequence.moveTo(ShutdownPhase.CLOSED, ShutdownTrigger.CLOSE, null, null)
				&& !this.shutdownHandlerRegistered) {
			this.sequence.logTimeline();
		}
	}

	void afterClose() {
		this.afterClose.run();
	}

	private void halt(String reason) {
		if (this.sequence.moveTo(ShutdownPhase.HALTING, null, null, reason)) {
			int code = (this.exitCode >= 0) ? this.exitCode : this.settings.exitCodes().forSignal(Signals.SIGTERM);
			this.deadline.halt(reason, code, this.sequence::logTimeline);
		}
	}

	/**
	 * Where the shutdown stands.
	 * @return the status
	 */
	public ShutdownStatus status() {
		int separate;
		int repeats;
		synchronized (this.bursts) {
			separate = this.bursts.separate();
			repeats = this.bursts.repeats();
		}
		return this.sequence.status(separate, repeats);
	}

	/**
	 * The settings in use.
	 * @return the settings
	 */
	public ShutdownSettings settings() {
		return this.settings;
	}

}
