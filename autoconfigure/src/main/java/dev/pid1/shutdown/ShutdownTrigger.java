package dev.pid1.shutdown;

import dev.pid1.platform.Signals;

/**
 * What started the shutdown.
 *
 * @author pid1 authors
 */
public enum ShutdownTrigger {

	/** SIGTERM, as the kubelet and {@code docker stop} send it. */
	SIGTERM,

	/** SIGINT (Ctrl-C). */
	SIGINT,

	/** A call of the preStop endpoint. */
	PRE_STOP,

	/** {@code context.close()}, for instance {@code /actuator/shutdown}. */
	CLOSE,

	/** The JVM exited without the context closing through pid1's lifecycle first. */
	EXIT;

	static ShutdownTrigger ofSignal(int signal) {
		return (signal == Signals.SIGINT) ? SIGINT : SIGTERM;
	}

}
