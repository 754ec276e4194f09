package dev.pid1.shutdown;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What a transition does outside the sequence's lock: readiness, and the observers (the
 * meters among them). A failure is logged and does not stop the sequence.
 *
 * @author pid1 authors
 */
final class TransitionEffects {

	private static final Log logger = LogFactory.getLog(TransitionEffects.class);

	private final ApplicationEventPublisher publisher;

	private volatile List<ShutdownObserver> observers = List.of();

	TransitionEffects(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void observe(List<ShutdownObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	void refuseTraffic(Object source) {
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
