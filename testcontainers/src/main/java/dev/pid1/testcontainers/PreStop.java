package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.List;

/**
 * A Kubernetes {@code lifecycle.preStop} hook, run before SIGTERM; its time counts
 * against the grace period.
 *
 * @param kind the kind of hook
 * @param port the container port of an {@code httpGet}, {@code 0} for the app's
 * management port
 * @param path the path of an {@code httpGet}
 * @param sleep the duration of a {@code sleep}
 * @param command the command of an {@code exec} (needs the command in the image)
 * @author pid1 authors
 */
public record PreStop(Kind kind, int port, String path, Duration sleep, List<String> command) {

	/**
	 * An {@code httpGet} hook, as to pid1's {@code /actuator/prestop}.
	 * @param port the container port, {@code 0} for the app's management port
	 * @param path the path
	 * @return the hook
	 */
	public static PreStop httpGet(int port, String path) {
		return new PreStop(Kind.HTTP_GET, port, path, null, null);
	}

	/**
	 * A {@code sleep} hook (the kubelet sleeps; no shell needed).
	 * @param duration how long
	 * @return the hook
	 */
	public static PreStop sleep(Duration duration) {
		return new PreStop(Kind.SLEEP, 0, null, duration, null);
	}

	/**
	 * An {@code exec} hook.
	 * @param command the command
	 * @return the hook
	 */
	public static PreStop exec(String... command) {
		return new PreStop(Kind.EXEC, 0, null, null, List.of(command));
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case HTTP_GET -> "preStop httpGet " + this.path + ((this.port != 0) ? " on port " + this.port : "");
			case SLEEP -> "preStop sleep " + this.sleep.toMillis() + " ms";
			case EXEC -> "preStop exec " + String.join(" ", this.command);
		};
	}

	/**
	 * The kinds of hook.
	 */
	public enum Kind {

		/** An HTTP GET. */
		HTTP_GET,

		/** The kubelet sleeps. */
		SLEEP,

		/** A command in the container. */
		EXEC

	}

}
