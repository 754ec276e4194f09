package dev.pid1.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.pid1.shutdown.PreStopResult;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * {@link Endpoint @Endpoint} for a Kubernetes {@code lifecycle.preStop.httpGet} hook: a
 * GET starts the shutdown's drain (readiness off, keep serving until traffic has gone)
 * and answers when the drain has ended. The SIGTERM that follows closes at once. A second
 * call waits for the same drain, or answers at once when it has ended.
 *
 * @author pid1 authors
 */
@Endpoint(id = "prestop")
public class PreStopEndpoint {

	private final ShutdownCoordinator coordinator;

	public PreStopEndpoint(ShutdownCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@ReadOperation
	public PreStopDescriptor preStop() {
		return new PreStopDescriptor(this.coordinator.preStop());
	}

	/**
	 * The response of the {@code prestop} endpoint.
	 *
	 * @param drain how the drain went
	 */
	public record PreStopDescriptor(PreStopResult drain) implements OperationResponseBody {

	}

}
