package dev.pid1.shutdown;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import dev.pid1.platform.DaemonThreads;

/**
 * What a transition does outside the sequence's lock: readiness, and the observers (the
 * meters among them). They run on a thread of their own, one after the other in the order
 * of the transitions, never on the sequence's: a readiness listener or an observer that
 * blocks (a GOAWAY written to a stuck peer blocks under the socket's lock) holds neither
 * the drain past its maximum nor the hard deadline, since the sequence waits for them
 * only within its own bounds. A failure is logged and does not stop the sequence.
 *
 * @author pid1 authors
 */
final class TransitionEffects {

	private static final Log logger = LogFactory.getLog(TransitionEffects.class);

	/**
	 * How long a waiter waits for the effects at a time: they are notified when done, and
	 * a short slice keeps the time a waiter's clock sees pass close to the time the
	 * effects really take (a test's clock advances by each wait).
	 */
	static final long AWAIT_SLICE_NANOS = Duration.ofMillis(1).toNanos();

	private final ApplicationEventPublisher publisher;

	private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private final ShutdownClock clock;

	private final Object monitor = new Object();

	/** The batches of effects handed over, and the last one that has run. */
	private long submitted;

	private long done;

	private volatile List<ShutdownObserver> observers = List.of();

	TransitionEffects(ApplicationEventPublisher publisher, ShutdownClock clock) {
		this.publisher = publisher;
		this.clock = clock;
	}

	void observe(List<ShutdownObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	/**
	 * Hands a transition's effects over; called under the sequence's lock, so that they
	 * run in the transitions' order.
	 * @param sequence the sequence: the readiness event's source, and where the effects
	 * are noted
	 * @param from the phase left
	 * @param to the phase entered
	 * @param took the time since the start of the shutdown
	 * @param requests the requests during the drain so far
	 * @return the batch's number, for {@link #await}, or 0 when the transition has none
	 */
	long submit(ShutdownSequence sequence, ShutdownPhase from, ShutdownPhase to, Duration took, long requests) {
		List<Runnable> effects = new ArrayList<>();
		if (from == ShutdownPhase.RUNNING && (to == ShutdownPhase.DRAINING || to == ShutdownPhase.DRAINED)) {
			effects.add(() -> {
				refuseTraffic(sequence);
				sequence.note("readiness REFUSING_TRAFFIC");
			});
		}
		if (to == ShutdownPhase.DRAINING) {
			effects.add(sequence::announceDrain);
		}
		if (from == ShutdownPhase.DRAINING && to == ShutdownPhase.DRAINED) {
			effects.add(() -> notify((observer) -> observer.drainEnded(took, requests)));
		}
		if (to == ShutdownPhase.CLOSED && from != ShutdownPhase.RUNNING) {
			effects.add(() -> notify((observer) -> observer.shutdownEnded(took)));
		}
		return effects.isEmpty() ? 0 : submit(() -> effects.forEach(Runnable::run));
	}

	/**
	 * Runs effects after those submitted before, on the effects' thread (started at the
	 * first call: nothing runs before a shutdown).
	 * @param effects the effects
	 * @return the batch's number, for {@link #await}
	 */
	long submit(Runnable effects) {
		long batch;
		synchronized (this.monitor) {
			batch = ++this.submitted;
			this.queue.add(() -> {
				try {
					effects.run();
				}
				finally {
					synchronized (this.monitor) {
						this.done = batch;
						this.monitor.notifyAll();
					}
				}
			});
		}
		if (this.started.compareAndSet(false, true)) {
			DaemonThreads.start("pid1-shutdown-effects", this::work);
		}
		return batch;
	}

	/**
	 * Waits until a batch of effects has run, but not past a time.
	 * @param batch the batch
	 * @param until the time, as {@link ShutdownClock#nanoTime()}
	 * @return whether it has run
	 */
	boolean await(long batch, long until) {
		synchronized (this.monitor) {
			try {
				while (this.done < batch) {
					long left = until - this.clock.nanoTime();
					if (left <= 0) {
						return false;
					}
					this.clock.await(this.monitor, Math.min(left, AWAIT_SLICE_NANOS));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.done >= batch;
		}
	}

	private void work() {
		try {
			while (true) {
				Runnable effects = this.queue.take();
				try {
					effects.run();
				}
				catch (RuntimeException ex) {
					logger.warn("pid1 shutdown effects failed", ex);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void refuseTraffic(Object source) {
		try {
			AvailabilityChangeEvent.publish(this.publisher, source, ReadinessState.REFUSING_TRAFFIC);
		}
		catch (RuntimeException ex) {
			logger.warn("pid1 could not publish REFUSING_TRAFFIC", ex);
		}
	}

	void notify(Consumer<ShutdownObserver> call) {
		for (ShutdownObserver observer : this.observers) {
			try {
				call.accept(observer);
			}
			catch (RuntimeException ex) {
				logger.warn("Shutdown observer " + observer + " failed", ex);
			}
		}
	}

}
