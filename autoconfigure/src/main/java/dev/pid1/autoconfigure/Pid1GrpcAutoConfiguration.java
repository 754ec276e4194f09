package dev.pid1.autoconfigure;

import io.grpc.Server;
import io.grpc.internal.ServerTransport;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.pid1.grpc.ChannelzConnections;
import dev.pid1.grpc.DrainInterceptor;
import dev.pid1.grpc.GrpcCalls;
import dev.pid1.grpc.GrpcDrain;
import dev.pid1.grpc.GrpcHealth;
import dev.pid1.grpc.GrpcServerEvents;
import dev.pid1.grpc.HealthStatusManagers;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration of the gRPC server's drain (Spring Boot 4.1's
 * {@code spring-boot-grpc-server}, grpc-java): health {@code NOT_SERVING} and a graceful
 * GOAWAY on every connection when the drain begins, and the calls counted as the drain's
 * traffic through a global server interceptor.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = Pid1ShutdownAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pid1.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pid1.shutdown.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pid1.grpc.enabled", matchIfMissing = true)
@ConditionalOnClass({ GrpcServerLifecycle.class, Server.class, ServerTransport.class })
@ConditionalOnBean(ShutdownCoordinator.class)
@EnableConfigurationProperties(Pid1GrpcProperties.class)
public final class Pid1GrpcAutoConfiguration {

	@Bean
	GrpcCalls pid1GrpcCalls(ShutdownCoordinator coordinator) {
		return new GrpcCalls(coordinator::onRequest);
	}

	@Bean
	@GlobalServerInterceptor
	@Order(Ordered.HIGHEST_PRECEDENCE)
	DrainInterceptor pid1GrpcDrainInterceptor(GrpcCalls calls) {
		return new DrainInterceptor(calls);
	}

	@Bean
	ChannelzConnections pid1GrpcConnections() {
		return new ChannelzConnections();
	}

	@Bean
	GrpcDrain pid1GrpcDrain(ObjectProvider<GrpcHealth> health, ChannelzConnections connections, GrpcCalls calls,
			Pid1GrpcProperties properties, ShutdownCoordinator coordinator) {
		return new GrpcDrain(health.getIfAvailable(() -> GrpcHealth.NONE), connections, calls,
				properties.getNewConnectionGoAwayDelay(), coordinator::note, System::nanoTime);
	}

	@Bean
	GrpcServerEvents pid1GrpcServerEvents(ChannelzConnections connections, GrpcDrain drain,
			DrainInterceptor interceptor) {
		return new GrpcServerEvents(connections, drain, interceptor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthStatusManager.class)
	static class HealthConfiguration {

		@Bean
		HealthStatusManagers pid1GrpcHealth(ObjectProvider<HealthStatusManager> managers) {
			return new HealthStatusManagers(() -> managers.orderedStream().toList());
		}

		@Bean
		static BeanFactoryPostProcessor pid1GrpcHealthDestroyOnce() {
			return HealthStatusManagers.destroyOnce();
		}

	}

}
