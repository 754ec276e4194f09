package dev.pid1.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperLifecycle;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration for zombie reaping and for stopping the descendants left at
 * shutdown. Off with {@code pid1.reaper.mode=off}, which the beans read when the app runs
 * (they then stay idle) rather than a condition: a Spring AOT build evaluates conditions
 * once, on the build host, and the mode belongs to the host the app runs on.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = { Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class })
@ConditionalOnBean(PlatformLoader.class)
public final class Pid1ReaperAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZombieReaper pid1ZombieReaper(Pid1Properties properties) {
		return new ZombieReaper(Pid1Settings.reaper(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	DescendantTerminator pid1DescendantTerminator(ZombieReaper reaper, Pid1Properties properties) {
		return new DescendantTerminator(reaper, properties.getChildren().getGrace());
	}

	@Bean
	@ConditionalOnMissingBean
	ReaperLifecycle pid1ReaperLifecycle(PlatformLoader loader, ZombieReaper reaper,
			ObjectProvider<DescendantTerminator> terminator, ObjectProvider<ShutdownCoordinator> shutdown,
			Pid1Properties properties, EnvironmentDetector environment) {
		// With pid1's shutdown sequence, descendants are stopped as its post-close
		// action.
		boolean asShutdownHandler = properties.getChildren().isTerminate() && shutdown.getIfAvailable() == null;
		return new ReaperLifecycle(loader, reaper, asShutdownHandler ? terminator.getIfAvailable() : null,
				environment::facts);
	}

	@Bean
	@ConditionalOnBean(ShutdownCoordinator.class)
	@ConditionalOnBooleanProperty(name = "pid1.children.terminate", matchIfMissing = true)
	TerminateDescendantsAction pid1TerminateDescendantsAction(DescendantTerminator terminator, ZombieReaper reaper) {
		return new TerminateDescendantsAction(terminator, reaper);
	}

}
