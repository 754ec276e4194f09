package dev.pid1.shutdown;

import java.time.Duration;

/**
 * A step that runs once the application context has closed and before the JVM exits, for
 * instance stopping the descendant processes the app leaves behind. Beans of this type
 * run in {@link org.springframework.core.Ordered order}.
 *
 * @author pid1 authors
 */
@FunctionalInterface
public interface PostCloseAction {

	/**
	 * Runs the step.
	 * @param timeLeft the time left before the hard deadline
	 */
	void afterClose(Duration timeLeft);

}
