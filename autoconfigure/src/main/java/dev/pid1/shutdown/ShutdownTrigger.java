package dev.pid1.shutdown;

import dev.pid1.platform.Signals;

/**
 * What started the shutdown.
 *
 * @author pid1 authors
 */
public enum ShutdownTrigger {

	/** SIGTERM, as the kubelet and {@code docker stop} send it. */
	SIGTERM("SIGTERM"),

	/** SIGINT (Ctrl-C). */
	SIGINT("SIGINT"),

	/** A call of the preStop endpoint. */
	PRE_STOP("preStop"),

	/** {@code context.close()}, for instance {@code /actuator/shutdown}. */
	CLOSE("close"),

	/** The JVM exited without the context closing through pid1's lifecycle first. */
	EXIT("exit");

	private final String label;

	ShutdownTrigger(String label) {
		this.label = label;
	}

	/**
	 * The trigger as the timeline names it.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	static ShutdownTrigger ofSignal(int signal) {
		return (signal == Signals.SIGINT) ? SIGINT : SIGTERM;
	}

}
