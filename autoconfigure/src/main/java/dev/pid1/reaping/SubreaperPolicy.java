package dev.pid1.reaping;

/**
 * When a JVM that is not PID 1 makes itself a child subreaper, so that the orphans of its
 * own descendants become its children (and are reaped by it) instead of PID 1's.
 *
 * @author pid1 authors
 */
public enum SubreaperPolicy {

	/**
	 * In a container only: there PID 1 may be a shell or an init that the JVM cannot rely
	 * on, and the container's processes are the app's. Outside a container (a laptop, a
	 * systemd service) process semantics are left as they are.
	 */
	AUTO,

	/**
	 * Always, wherever the JVM runs.
	 */
	ALWAYS,

	/**
	 * Never: reap only as PID 1 (or when something else made this JVM a subreaper).
	 */
	NEVER

}
