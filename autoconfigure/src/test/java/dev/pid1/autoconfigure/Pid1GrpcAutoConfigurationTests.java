package dev.pid1.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.grpc.ChannelzConnections;
import dev.pid1.grpc.DrainInterceptor;
import dev.pid1.grpc.GrpcDrain;
import dev.pid1.grpc.GrpcServerEvents;
import dev.pid1.grpc.HealthStatusManagers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of the gRPC server's drain: only with gRPC on the class path, off
 * with one property, the interceptor picked up as Spring gRPC picks global interceptors,
 * and the health manager's terminal state entered once.
 *
 * @author pid1 authors
 */
class Pid1GrpcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, Pid1AutoConfiguration.class,
				Pid1ShutdownAutoConfiguration.class, Pid1GrpcAutoConfiguration.class))
		.withPropertyValues("pid1.diagnostics.log-on-startup=false");

	@Test
	void theDrainTheInterceptorAndTheHealthAreWired() {
		this.runner.withUserConfiguration(HealthConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(GrpcDrain.class)
				.hasSingleBean(ChannelzConnections.class)
				.hasSingleBean(GrpcServerEvents.class)
				.hasSingleBean(HealthStatusManagers.class)
				.hasSingleBean(DrainInterceptor.class)
				.getBean(DrainInterceptor.class)
				.isSameAs(context.getBean("pid1GrpcDrainInterceptor")));
	}

	@Test
	void theInterceptorIsAGlobalServerInterceptor() {
		this.runner.run((context) -> assertThat(context.getBeanNamesForAnnotation(GlobalServerInterceptor.class))
			.contains("pid1GrpcDrainInterceptor"));
	}

	@Test
	void offWithTheProperty() {
		this.runner.withPropertyValues("pid1.grpc.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcDrain.class)
				.doesNotHaveBean(DrainInterceptor.class)
				.doesNotHaveBean(HealthStatusManagers.class));
	}

	@Test
	void offWithPid1sShutdown() {
		this.runner.withPropertyValues("pid1.shutdown.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcDrain.class));
	}

	@Test
	void nothingWithoutGrpcOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(GrpcServerLifecycle.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcDrain.class)
				.doesNotHaveBean(DrainInterceptor.class));
		this.runner.withClassLoader(new FilteredClassLoader("io.grpc"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcDrain.class));
	}

	@Test
	void withoutGrpcServicesTheDrainHasNoHealthToTell() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthStatusManager.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcDrain.class)
				.doesNotHaveBean(HealthStatusManagers.class));
	}

	@Test
	void aDrainMakesTheHealthTerminalOnceAndTheCloseDoesNotAgain() {
		this.runner.withUserConfiguration(HealthConfiguration.class).run((context) -> {
			HealthStatusManager manager = context.getBean(HealthStatusManager.class);
			// Spring Boot declares enterTerminalState as the destroy method: a second
			// call, after the drain's, warns with a stack trace.
			assertThat(
					context.getBeanFactory().getBeanDefinition("grpcServerHealthStatusManager").getDestroyMethodName())
				.isNull();
			context.getBean(GrpcDrain.class).drainStarted();
			manager.setStatus("", ServingStatus.SERVING);
			assertThat(status(manager, "")).isEqualTo(ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void aCloseWithoutADrainStillMakesTheHealthTerminal() {
		List<HealthStatusManager> managers = new ArrayList<>();
		this.runner.withUserConfiguration(HealthConfiguration.class)
			.run((context) -> managers.add(context.getBean(HealthStatusManager.class)));
		assertThat(status(managers.get(0), "")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void theShutdownBudgetCountsTheGrpcGracePeriod() {
		this.runner.withUserConfiguration(GrpcServerConfiguration.class)
			.withPropertyValues("spring.grpc.server.shutdown.grace-period=10")
			.run((context) -> assertThat(context.getBean(ProcessDiagnostics.class).budget()).satisfies((budget) -> {
				assertThat(budget.arithmetic())
					.contains("+ gRPC calls in flight up to 10 s (spring.grpc.server.shutdown.grace-period) +");
				assertThat(budget.total()).isEqualTo(Duration.ofSeconds(20 + 10 + 30 + 3));
			}));
		this.runner.run((context) -> assertThat(context.getBean(ProcessDiagnostics.class).budget().arithmetic())
			.doesNotContain("gRPC"));
	}

	@Test
	void anInvalidDelayIsRejectedWithThePropertyItsValueAndTheRange() {
		this.runner.withPropertyValues("pid1.grpc.new-connection-go-away-delay=-1s")
			.run((context) -> assertThat(Rejection.single(context)).isEqualTo(
					new Rejection("pid1.grpc.new-connection-go-away-delay", "-1 s", "must be from 0 s to 60 s")));
	}

	static ServingStatus status(HealthStatusManager manager, String service) {
		List<HealthCheckResponse> responses = new ArrayList<>();
		((HealthGrpc.HealthImplBase) manager.getHealthService())
			.check(HealthCheckRequest.newBuilder().setService(service).build(), new StreamObserver<>() {

				@Override
				public void onNext(HealthCheckResponse value) {
					responses.add(value);
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
				}

			});
		return responses.get(0).getStatus();
	}

	@Configuration(proxyBeanMethods = false)
	static class GrpcServerConfiguration {

		@Bean
		GrpcServerLifecycle grpcServerLifecycle(ApplicationContext context) {
			GrpcServerFactory noServer = new GrpcServerFactory() {

				@Override
				public Server createServer() {
					return null;
				}

				@Override
				public void addService(ServerServiceDefinition service) {
				}

			};
			return new GrpcServerLifecycle(noServer, Duration.ofSeconds(10), context);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HealthConfiguration {

		/** As Spring Boot 4.1's GrpcServerHealthAutoConfiguration declares it. */
		@Bean(destroyMethod = "enterTerminalState")
		HealthStatusManager grpcServerHealthStatusManager() {
			return new HealthStatusManager();
		}

	}

}
