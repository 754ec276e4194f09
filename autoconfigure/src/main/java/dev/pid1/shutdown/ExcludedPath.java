package dev.pid1.shutdown;

import org.jspecify.annotations.Nullable;

/**
 * The requests on the main port that do not keep the drain going: the actuator's, when it
 * shares the main port, so that a load balancer's or the kubelet's probes are not taken
 * for traffic.
 *
 * @author pid1 authors
 */
final class ExcludedPath {

	private final @Nullable String prefix;

	/** The prefix with its closing slash, made once: the check runs on every request. */
	private final @Nullable String under;

	/**
	 * Creates the exclusion.
	 * @param prefix the path, within the application (after its context path), under
	 * which requests are excluded, or {@code null} for none
	 */
	ExcludedPath(@Nullable String prefix) {
		this.prefix = prefix;
		this.under = (prefix != null) ? prefix + "/" : null;
	}

	/**
	 * Whether a request is excluded: its path is the prefix or lies under it (a whole
	 * segment: {@code /actuator} excludes {@code /actuator/health}, not
	 * {@code /actuators}).
	 * @param pathWithinApplication the request's path after the context path
	 * @return whether it is excluded
	 */
	boolean matches(@Nullable String pathWithinApplication) {
		return this.prefix != null && this.under != null && pathWithinApplication != null
				&& (pathWithinApplication.equals(this.prefix) || pathWithinApplication.startsWith(this.under));
	}

}
