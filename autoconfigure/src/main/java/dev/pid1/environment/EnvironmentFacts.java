package dev.pid1.environment;

/**
 * Where this JVM runs, as pid1 decided it once: the facts every concern reads (the
 * diagnosis, the reaper's subreaper policy, the drain decision) instead of looking for
 * itself.
 * <p>
 * Whether this JVM is a child subreaper is not among them: only the native platform can
 * ask the kernel ({@code PR_GET_CHILD_SUBREAPER}), which happens off the main thread once
 * it has loaded, and pid1 itself may change it.
 *
 * @param pid this JVM's pid in its PID namespace
 * @param init whether this JVM is PID 1 of its PID namespace
 * @param container the container, and what gave it away
 * @param kubernetes whether Spring Boot sees Kubernetes
 * ({@code CloudPlatform.KUBERNETES}: {@code KUBERNETES_SERVICE_HOST} and
 * {@code KUBERNETES_SERVICE_PORT}, or {@code spring.main.cloud-platform})
 * @author pid1 authors
 */
public record EnvironmentFacts(long pid, boolean init, ContainerInfo container, boolean kubernetes) {

	/**
	 * Whether an orchestrator stops this JVM with SIGTERM: a container was detected, or
	 * Kubernetes.
	 * @return whether this runs in a container or on Kubernetes
	 */
	public boolean orchestrated() {
		return this.kubernetes || this.container.detected();
	}

	/**
	 * Whether something routes traffic to this app that must learn it is going away
	 * before it stops serving, so that {@code pid1.shutdown.drain=auto} drains: a
	 * container, Kubernetes, or a JVM that is PID 1 (of a PID namespace without a
	 * container mark).
	 * @return whether the environment calls for a drain
	 */
	public boolean callsForDrain() {
		return this.init || orchestrated();
	}

}
