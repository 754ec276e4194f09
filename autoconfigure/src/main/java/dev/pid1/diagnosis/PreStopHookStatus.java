package dev.pid1.diagnosis;

import org.jspecify.annotations.Nullable;

/**
 * Whether a Kubernetes {@code lifecycle.preStop.httpGet} hook reaches pid1's preStop
 * endpoint, for the startup line. The endpoint stops the pod on a GET, so it is off until
 * the application grants it unrestricted access; the line says so where a hook is likely
 * (on Kubernetes) or asked for.
 *
 * @param path where the endpoint answers, {@code null} when it does not
 * @param reason why it does not answer, {@code null} when it does (or when pid1 cannot
 * tell)
 * @param fix what to set so that it answers, {@code null} when it does
 * @param granted whether the application granted the endpoint unrestricted access
 * @param named whether the application names the endpoint in its web exposure
 * @author pid1 authors
 */
public record PreStopHookStatus(@Nullable String path, @Nullable String reason, @Nullable String fix, boolean granted,
		boolean named) {

	/**
	 * Whether a preStop {@code httpGet} hook reaches the endpoint.
	 * @return whether the endpoint answers over HTTP
	 */
	public boolean served() {
		return this.path != null;
	}

	/**
	 * The startup line's clause on the preStop endpoint.
	 * @param kubernetes whether this runs on Kubernetes
	 * @return the clause, {@code null} when there is nothing to say
	 */
	public @Nullable String clause(boolean kubernetes) {
		if (this.path != null) {
			return kubernetes ? "preStop endpoint " + this.path : null;
		}
		if (this.reason == null || this.fix == null || !(kubernetes || this.granted)) {
			return null;
		}
		return "preStop endpoint off, a preStop httpGet hook gets 404 (" + this.reason + "): " + this.fix;
	}

	/**
	 * Whether the startup line is a warning because of the preStop endpoint: the
	 * application asked for it (granted it access anywhere, or named it on Kubernetes)
	 * and it does not answer.
	 * @param kubernetes whether this runs on Kubernetes
	 * @return whether the preStop endpoint makes the line a warning
	 */
	public boolean isWarning(boolean kubernetes) {
		return !served() && clause(kubernetes) != null && (this.granted || this.named);
	}

}
