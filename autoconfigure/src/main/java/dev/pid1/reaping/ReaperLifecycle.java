package dev.pid1.reaping;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.DaemonThreads;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.reaping.ReaperDecision.Active;

/**
 * Starts the {@link ZombieReaper} once the application is ready and the platform has
 * loaded, on a background thread (nothing native on the startup path; zombies left
 * meanwhile are reaped at the first look), logs one line naming the mode (a WARN when
 * this JVM is PID 1 and cannot reap, with the cause and the fix), and has the
 * {@link DescendantTerminator} run after the application context has closed: as a
 * {@link SpringApplication#getShutdownHandlers() shutdown handler}, which Spring Boot's
 * shutdown hook runs once every context is closed, unless pid1's shutdown sequence runs
 * it as one of its post-close actions.
 *
 * @author pid1 authors
 */
public class ReaperLifecycle implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReaperLifecycle.class);

	private static final Executor BACKGROUND = DaemonThreads.executor("pid1-reaper-start");

	private final PlatformLoader loader;

	private final ZombieReaper reaper;

	private final @Nullable DescendantTerminator terminator;

	private final Supplier<EnvironmentFacts> environment;

	/**
	 * Creates the lifecycle.
	 * @param loader the platform loader
	 * @param reaper the reaper
	 * @param terminator the terminator to run as a shutdown handler after the context
	 * closed, or {@code null} to leave descendants alone (or to pid1's shutdown sequence)
	 * @param environment where this JVM runs, for the role and the subreaper policy;
	 * asked once, on a background thread
	 */
	public ReaperLifecycle(PlatformLoader loader, ZombieReaper reaper, @Nullable DescendantTerminator terminator,
			Supplier<EnvironmentFacts> environment) {
		this.loader = loader;
		this.reaper = reaper;
		this.terminator = terminator;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (this.reaper.settings().mode() == ReaperMode.OFF) {
			// Decided here, when the app runs, not by a condition a Spring AOT build
			// would freeze.
			return;
		}
		this.loader.platform().thenAcceptAsync(this::start, BACKGROUND);
	}

	private void start(ProcessPlatform platform) {
		try {
			boolean active = this.reaper.start(platform, this.environment.get());
			boolean exactAskedSafeGot = this.reaper.settings().mode() == ReaperMode.EXACT
					&& this.reaper.decision() instanceof Active decided && decided.strategy() instanceof SafeStrategy;
			if (exactAskedSafeGot || this.reaper.decision().problem() != null) {
				// PID 1 that cannot reap: its orphans stay zombies.
				logger.warn(this.reaper.describe());
			}
			else {
				logger.info(this.reaper.describe());
			}
			if (active && this.terminator != null) {
				SpringApplication.getShutdownHandlers().add(this.terminator::terminate);
			}
		}
		catch (IllegalStateException ex) {
			// Shutdown began before the platform loaded: nothing to hook any more.
			logger.debug("pid1: shutdown already in progress, descendants are left to the kernel", ex);
		}
		catch (RuntimeException ex) {
			logger.warn("pid1: the reaper failed to start: " + ex, ex);
		}
	}

	@Override
	public void destroy() {
		this.reaper.stop();
	}

}
