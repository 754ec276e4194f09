package dev.pid1.autoconfigure;

import java.time.Duration;

import jakarta.servlet.Filter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.SocketBacklog;
import dev.pid1.shutdown.DrainServletFilter;
import dev.pid1.shutdown.DrainWebFilter;
import dev.pid1.shutdown.PostCloseAction;
import dev.pid1.shutdown.ShutdownCoordinator;
import dev.pid1.shutdown.ShutdownLifecycles;
import dev.pid1.shutdown.ShutdownObserver;
import dev.pid1.shutdown.ShutdownSettings;
import dev.pid1.shutdown.WaitingConnections;
import dev.pid1.shutdown.WebServers;

/**
 * Auto-configuration of the shutdown sequence: SIGTERM and SIGINT handling, readiness
 * off, adaptive drain, graceful close, hard deadline and exit code.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = { Pid1AutoConfiguration.class, LifecycleAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "pid1.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pid1.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Pid1Properties.class)
public final class Pid1ShutdownAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ShutdownCoordinator pid1ShutdownCoordinator(Pid1Properties properties, ApplicationContext context,
			EnvironmentDetector environment, ObjectProvider<LifecycleProperties> lifecycle,
			ObjectProvider<ShutdownObserver> observers, ObjectProvider<PostCloseAction> postCloseActions) {
		Duration phaseTimeout = lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase();
		ShutdownSettings settings = Pid1Settings.shutdown(properties, phaseTimeout,
				Pid1Settings.grpcGracePeriod(context));
		WaitingConnections waiting = properties.getShutdown().isHoldForBacklog()
				? WebServers.waitingConnections(context, SocketBacklog.system()) : WaitingConnections.UNKNOWN;
		return new ShutdownCoordinator(settings, context, environment::facts, () -> WebServers.running(context),
				waiting, () -> observers.orderedStream().toList(), () -> postCloseActions.orderedStream().toList(),
				true);
	}

	@Bean
	ShutdownLifecycles.Drain pid1ShutdownDrainLifecycle(ShutdownCoordinator coordinator) {
		return coordinator.drainLifecycle();
	}

	@Bean
	ShutdownLifecycles.Closed pid1ShutdownClosedLifecycle(ShutdownCoordinator coordinator) {
		return coordinator.closedLifecycle();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
	static class ServletDrainConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DrainServletFilter pid1DrainServletFilter(ShutdownCoordinator coordinator, ListableBeanFactory beans,
				Environment environment) {
			return new DrainServletFilter(coordinator, () -> ProbePaths.servlet(beans, environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ WebFilter.class, Mono.class })
	static class ReactiveDrainConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DrainWebFilter pid1DrainWebFilter(ShutdownCoordinator coordinator, ListableBeanFactory beans,
				Environment environment) {
			return new DrainWebFilter(coordinator, () -> ProbePaths.reactive(beans, environment));
		}

	}

}
