package dev.pid1.shutdown;

import dev.pid1.diagnosis.ContainerDetector;
import dev.pid1.platform.ProcFs;

/**
 * Whether something routes traffic to this app that must learn it is going away before it
 * stops serving: Kubernetes, a container, or a JVM that is PID 1. Reads a few files,
 * once, when asked.
 *
 * @author pid1 authors
 */
public final class DrainEnvironment {

	private DrainEnvironment() {
	}

	/**
	 * Whether {@link DrainMode#AUTO} drains here.
	 * @param kubernetes whether Spring Boot sees Kubernetes
	 * @return whether to drain
	 */
	public static boolean wantsDrain(boolean kubernetes) {
		return ProcessHandle.current().pid() == 1 || new ContainerDetector(new ProcFs()).isOrchestrated(kubernetes);
	}

}
