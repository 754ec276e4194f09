package dev.pid1.shutdown;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.pid1.environment.EnvironmentFacts;
import org.jspecify.annotations.Nullable;

/**
 * Whether the shutdown drains, decided once when the app is ready (on the main thread: a
 * signal's thread may not see the app's classes).
 *
 * @author pid1 authors
 */
final class DrainDecision {

	private DrainDecision() {
	}

	/**
	 * Why the shutdown does not drain, if it does not.
	 * @param mode the configured drain mode
	 * @param environment where this JVM runs, read only for {@link DrainMode#AUTO}
	 * @param webServerPresent whether the app runs a web server
	 * @return the reason not to drain, in words, or {@code null} for a drain
	 */
	static @Nullable String reasonNotToDrain(DrainMode mode, Supplier<EnvironmentFacts> environment,
			BooleanSupplier webServerPresent) {
		return switch (mode) {
			case NEVER -> "pid1.shutdown.drain=never";
			case AUTO -> environment.get().callsForDrain() ? webServerMissing(webServerPresent)
					: "no container, Kubernetes or PID 1 (pid1.shutdown.drain=auto)";
			case ALWAYS -> webServerMissing(webServerPresent);
		};
	}

	private static @Nullable String webServerMissing(BooleanSupplier webServerPresent) {
		return webServerPresent.getAsBoolean() ? null : "no web server";
	}

}
