package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.regex.Pattern;

import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until Spring Boot logs {@code Started ... in ... seconds} (in any console
 * format), and gives up as soon as the container has exited, where Testcontainers' log
 * wait would wait for the whole timeout: an app that cannot bind its port exits within
 * seconds, and {@link Pid1Container} starts it again on other ports.
 *
 * @author pid1 authors
 */
final class AppStarted extends AbstractWaitStrategy {

	private static final Pattern STARTED = Pattern.compile(".*Started .+ in .+ seconds.*");

	AppStarted(Duration timeout) {
		withStartupTimeout(timeout);
	}

	@Override
	protected void waitUntilReady() {
		long deadline = System.nanoTime() + this.startupTimeout.toNanos();
		while (true) {
			String logs = this.waitStrategyTarget.getLogs();
			if (logs.lines().anyMatch((line) -> STARTED.matcher(line).matches())) {
				return;
			}
			if (!this.waitStrategyTarget.isRunning()) {
				Long exitCode = this.waitStrategyTarget.getCurrentContainerInfo().getState().getExitCodeLong();
				throw new ContainerLaunchException("The container exited with " + exitCode + " before the app started");
			}
			if (System.nanoTime() > deadline) {
				throw new ContainerLaunchException("The app did not log 'Started ... in ... seconds' within "
						+ this.startupTimeout.toSeconds() + " s");
			}
			Endpoints.sleep(250);
		}
	}

}
