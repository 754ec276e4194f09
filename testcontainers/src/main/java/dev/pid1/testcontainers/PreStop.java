package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
public record PreStop(Kind kind, int port, @Nullable String path, @Nullable Duration sleep,
		@Nullable List<String> command) {

	/**
	 * The property that grants pid1's preStop endpoint access: it has none by default (a
	 * GET on it stops the pod), so an {@code httpGet} hook to it gets 404 until the app
	 * sets this to {@code unrestricted}.
	 */
	public static final String ACCESS_PROPERTY = "management.endpoint.prestop.access";

	/** {@link #ACCESS_PROPERTY} as an environment variable, for {@code withEnv}. */
	public static final String ACCESS_ENV = "MANAGEMENT_ENDPOINT_PRESTOP_ACCESS";

	/**
	 * An {@code httpGet} hook, as to pid1's {@code /actuator/prestop}. The app must grant
	 * that endpoint access ({@link #ACCESS_PROPERTY}{@code =unrestricted}, for instance
	 * {@code withEnv(PreStop.ACCESS_ENV, "unrestricted")} on the container), as a
	 * Deployment does in its manifest.
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

	/**
	 * The duration of a {@code sleep} hook.
	 * @return the duration
	 * @throws IllegalStateException if this is not a {@code sleep} hook
	 */
	public Duration sleepDuration() {
		return present(this.sleep, Kind.SLEEP);
	}

	/**
	 * The command of an {@code exec} hook.
	 * @return the command
	 * @throws IllegalStateException if this is not an {@code exec} hook
	 */
	public List<String> execCommand() {
		return present(this.command, Kind.EXEC);
	}

	/**
	 * The path of an {@code httpGet} hook.
	 * @return the path
	 * @throws IllegalStateException if this is not an {@code httpGet} hook
	 */
	public String httpPath() {
		return present(this.path, Kind.HTTP_GET);
	}

	private <T> T present(@Nullable T value, Kind expected) {
		if (this.kind != expected || value == null) {
			throw new IllegalStateException("Not a complete " + expected + " hook: " + this.kind);
		}
		return value;
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case HTTP_GET -> "preStop httpGet " + this.path + ((this.port != 0) ? " on port " + this.port : "");
			case SLEEP -> "preStop sleep " + sleepDuration().toMillis() + " ms";
			case EXEC -> "preStop exec " + String.join(" ", execCommand());
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
