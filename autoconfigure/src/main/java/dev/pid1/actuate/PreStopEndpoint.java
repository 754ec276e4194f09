package dev.pid1.actuate;

import org.springframework.boot.actuate.endpoint.Access;
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
 * <p>
 * The kubelet's {@code httpGet} hook sends a GET, so the operation is a read operation
 * although it changes state: any client that reaches it takes the pod out of service and
 * arms the hard deadline. Like Spring Boot's {@code shutdown} endpoint it therefore has
 * no access by default, whatever the exposure: the application grants it with
 * {@code management.endpoint.prestop.access=unrestricted} (pid1 does not serve it with
 * {@code read-only}, which promises no change of state), on a management port that only
 * the kubelet (and the cluster's own network) reaches.
 *
 * @author pid1 authors
 */
@Endpoint(id = PreStopEndpoint.ID, defaultAccess = Access.NONE)
public class PreStopEndpoint {

	/** The endpoint's id. */
	public static final String ID = "prestop";

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
