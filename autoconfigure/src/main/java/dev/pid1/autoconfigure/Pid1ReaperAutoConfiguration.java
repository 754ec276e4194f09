package dev.pid1.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperLifecycle;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration for zombie reaping and for stopping the descendants left at
 * shutdown. Off with {@code pid1.reaper.mode=off}.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = { Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class })
@ConditionalOnBean(PlatformLoader.class)
@Conditional(Pid1ReaperAutoConfiguration.OnReaperNotOff.class)
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

	static class OnReaperNotOff extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String mode = context.getEnvironment().getProperty("pid1.reaper.mode", "auto");
			return "off".equalsIgnoreCase(mode.trim()) ? ConditionOutcome.noMatch("pid1.reaper.mode is off")
					: ConditionOutcome.match("pid1.reaper.mode is " + mode);
		}

	}

}
