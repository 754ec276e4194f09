package dev.pid1.shutdown;

/**
 * When to drain before closing.
 *
 * @author pid1 authors
 */
public enum DrainMode {

	/**
	 * Drain in a container, on Kubernetes, or as PID 1: where something routes traffic to
	 * the app that has to learn it is going away. Not on a laptop.
	 */
	AUTO,

	/** Always drain. */
	ALWAYS,

	/** Never drain: close at once, as Spring Boot alone does. */
	NEVER

}
