package dev.pid1.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.pid1.platform.Durations;

/**
 * The shutdown as a state machine: one {@link ShutdownPhase phase}, changed only by
 * {@link #moveTo}, under one lock, which also writes the timeline and hands the effects
 * (readiness, observers, meters) to {@link TransitionEffects}: they run in order on a
 * thread of their own, waited for only within the drain's maximum or the deadline. The
 * drain's end is the {@link DrainPolicy}'s decision on what the {@link DrainWatch} sees,
 * once the observers have heard of the drain; its maximum and a cut end it regardless.
 *
 * @author pid1 authors
 */
final class ShutdownSequence {

	private static final Log logger = LogFactory.getLog(ShutdownSequence.class);

	private final Object monitor = new Object();

	private final ShutdownSettings settings;

	private final ShutdownClock clock;

	private final TransitionEffects effects;

	private final DrainWatch watch;

	private final AtomicLong requestsDuringDrain = new AtomicLong();

	private final Timeline timeline = new Timeline();

	private volatile ShutdownPhase phase = ShutdownPhase.RUNNING;

	private @Nullable ShutdownTrigger trigger;

	private long start;

	private volatile @Nullable String noDrain = "the app was not ready yet";

	private boolean drainAnnounced;

	private @Nullable String cutBy;

	private @Nullable DrainEnd drainEnd;

	private @Nullable String drainDetail;

	private long drainNanos;

	ShutdownSequence(ShutdownSettings settings, ShutdownClock clock, ApplicationEventPublisher publisher,
			WaitingConnections waitingConnections) {
		this.settings = settings;
		this.clock = clock;
		this.watch = new DrainWatch(new DrainPolicy(settings), waitingConnections, clock);
		this.effects = new TransitionEffects(publisher, clock);
	}

	/**
	 * Records the drain decision, taken once when the app is ready, on the main thread.
	 * @param reason why there is no drain, or {@code null} for a drain
	 */
	void decided(@Nullable String reason) {
		this.noDrain = reason;
	}

	void observe(List<ShutdownObserver> observers) {
		this.effects.observe(observers);
	}

	boolean onRequest() {
		this.watch.record(this.clock.nanoTime());
		ShutdownPhase phase = this.phase;
		if (phase == ShutdownPhase.DRAINING) {
			this.requestsDuringDrain.incrementAndGet();
		}
		return phase != ShutdownPhase.RUNNING;
	}

	/**
	 * Begins the shutdown: drains, or records why not.
	 * @param trigger what begins it
	 * @return whether this call began it (it had not begun)
	 */
	boolean begin(ShutdownTrigger trigger) {
		String reason = this.noDrain;
		return (reason != null) ? moveTo(ShutdownPhase.DRAINED, trigger, DrainEnd.SKIPPED, "no drain: " + reason)
				: moveTo(ShutdownPhase.DRAINING, trigger, null, null);
	}

	/**
	 * Cuts the drain short, if it runs.
	 * @param by what cuts it, for the timeline
	 * @return whether it was running
	 */
	boolean cut(String by) {
		synchronized (this.monitor) {
			if (this.phase != ShutdownPhase.DRAINING || this.cutBy != null) {
				return false;
			}
			this.cutBy = by;
			this.timeline.add(this.clock.nanoTime(), by + ": drain cut short");
			this.monitor.notifyAll();
			return true;
		}
	}

	/** Waits until the drain has ended; any waiter may end it, as the policy says. */
	void awaitDrain() {
		@Nullable DrainEnd end = null;
		@Nullable String detail = null;
		synchronized (this.monitor) {
			try {
				while (this.phase == ShutdownPhase.DRAINING) {
					long now = this.clock.nanoTime();
					this.watch.tick(now);
					long wait = this.drainAnnounced ? DrainPolicy.TICK_NANOS : TransitionEffects.AWAIT_SLICE_NANOS;
					if (this.cutBy != null) {
						end = DrainEnd.CUT_SHORT;
						detail = "cut short by " + this.cutBy;
						break;
					}
					// Until the observers have heard of it (they may block), only the
					// maximum.
					DrainPolicy.Decision decision = this.drainAnnounced ? this.watch.decide(now, this.timeline)
							: this.watch.peek(this.watch.stats(), now);
					if (decision.ends() && (this.drainAnnounced || decision.end() == DrainEnd.MAXIMUM)) {
						end = decision.end();
						detail = this.watch.detail(decision);
						break;
					}
					if (!decision.ends()) {
						wait = Math.min(wait, decision.target() - now);
					}
					this.clock.await(this.monitor, wait);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (end != null) {
			moveTo(ShutdownPhase.DRAINED, null, end, detail);
		}
	}

	/**
	 * The one transition: checks it, changes the phase and writes the timeline under the
	 * lock, then runs its effects.
	 * @param to the new phase
	 * @param trigger what begins the shutdown, when it leaves
	 * {@link ShutdownPhase#RUNNING}
	 * @param end how the drain ended, when moving to {@link ShutdownPhase#DRAINED}
	 * @param detail the drain's end or the halt's reason, in words
	 * @return whether the transition happened (another thread may have made it first)
	 */
	boolean moveTo(ShutdownPhase to, @Nullable ShutdownTrigger trigger, @Nullable DrainEnd end,
			@Nullable String detail) {
		ShutdownPhase from;
		long batch;
		long startNanos;
		synchronized (this.monitor) {
			from = this.phase;
			if (!from.canMoveTo(to)) {
				return false;
			}
			long now = this.clock.nanoTime();
			long requests = this.requestsDuringDrain.get();
			if (from == ShutdownPhase.RUNNING) {
				// Every caller that can leave RUNNING says what began the shutdown.
				ShutdownTrigger begun = Objects.requireNonNull(trigger, "trigger");
				this.start = now;
				this.trigger = begun;
				this.watch.begin(now);
				this.timeline.start(now);
				this.timeline.add(now, "shutdown begins: " + begun.label());
			}
			if (to == ShutdownPhase.DRAINED) {
				this.drainEnd = end;
				this.drainDetail = detail;
				this.drainNanos = (from == ShutdownPhase.DRAINING) ? now - this.start : 0;
			}
			this.timeline.transition(now, from, to, detail, requests);
			this.phase = to;
			this.monitor.notifyAll();
			// Under the lock: the effects run in the transitions' order.
			batch = this.effects.submit(this, from, to, Duration.ofNanos(now - this.start), requests);
			startNanos = this.start;
		}
		if (batch > 0 && (to == ShutdownPhase.DRAINED || to == ShutdownPhase.CLOSED)) {
			// The drain's effects within its maximum, the close's within the deadline.
			boolean drain = to == ShutdownPhase.DRAINED;
			Duration bound = drain ? this.settings.drainMax() : this.settings.deadline();
			if (!this.effects.await(batch, startNanos + bound.toNanos())) {
				note("observers still running at pid1.shutdown." + (drain ? "drain-max" : "deadline") + " of "
						+ Durations.format(bound) + ": the shutdown goes on without them");
			}
		}
		return true;
	}

	/** Tells the observers that the drain has begun; on the effects' thread. */
	void announceDrain() {
		try {
			String describe;
			synchronized (this.monitor) {
				describe = this.watch.describe();
			}
			note("drain begins: " + describe);
			this.effects.notify(ShutdownObserver::drainStarted);
		}
		finally {
			synchronized (this.monitor) {
				// Only now may the drain end before its maximum: drainEnded never
				// precedes drainStarted.
				this.drainAnnounced = true;
				this.monitor.notifyAll();
			}
		}
	}

	void note(String event) {
		synchronized (this.monitor) {
			this.timeline.add(this.clock.nanoTime(), event);
		}
	}

	ShutdownPhase phase() {
		return this.phase;
	}

	/** When the shutdown began, or {@code now} if it has not. */
	long startOr(long now) {
		synchronized (this.monitor) {
			return (this.phase != ShutdownPhase.RUNNING) ? this.start : now;
		}
	}

	PreStopResult drainResult() {
		synchronized (this.monitor) {
			boolean drained = this.drainEnd != null && this.drainEnd != DrainEnd.SKIPPED;
			return new PreStopResult(drained, this.drainEnd, this.drainDetail,
					TimeUnit.NANOSECONDS.toMillis(this.drainNanos), this.requestsDuringDrain.get());
		}
	}

	ShutdownStatus status(int signals, int repeatedSignals) {
		synchronized (this.monitor) {
			long now = this.clock.nanoTime();
			ShutdownPhase phase = this.phase;
			boolean started = phase != ShutdownPhase.RUNNING;
			Arrivals.Stats stats = this.watch.stats();
			long silenceNeeded = this.watch.silenceNeededNanos(stats);
			@Nullable Long left = null;
			@Nullable Long maxLeft = null;
			if (phase == ShutdownPhase.DRAINING) {
				// The decision's own silence: the policy may hold the drain to the quiet
				// period.
				DrainPolicy.Decision decision = this.watch.peek(stats, now);
				silenceNeeded = decision.silence().nanos();
				left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(decision.target() - now));
				maxLeft = Math.max(0,
						TimeUnit.NANOSECONDS.toMillis(this.start + this.settings.drainMax().toNanos() - now));
			}
			boolean drain = started ? this.drainEnd != DrainEnd.SKIPPED : this.noDrain == null;
			String noDrain = started ? ((this.drainEnd == DrainEnd.SKIPPED) ? this.drainDetail : null)
					: ((this.noDrain != null) ? "no drain: " + this.noDrain : null);
			return new ShutdownStatus(phase, this.trigger, started ? this.timeline.last() : null,
					started ? TimeUnit.NANOSECONDS.toMillis(now - this.start) : null, drain, noDrain, this.drainEnd,
					left, maxLeft, this.requestsDuringDrain.get(), Math.round(stats.rate() * 10) / 10.0,
					TimeUnit.NANOSECONDS.toMillis(silenceNeeded), signals, repeatedSignals,
					ShutdownStatus.Settings.of(this.settings));
		}
	}

	void logTimeline() {
		List<String> lines;
		synchronized (this.monitor) {
			lines = this.timeline.linesOnce();
		}
		for (String line : lines) {
			logger.info("pid1 shutdown " + line);
		}
	}

}
