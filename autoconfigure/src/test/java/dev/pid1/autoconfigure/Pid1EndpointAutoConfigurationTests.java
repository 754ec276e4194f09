package dev.pid1.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pid1.actuate.GrpcDescriptor;
import dev.pid1.actuate.Pid1Endpoint;
import dev.pid1.grpc.GrpcDrain;

import static org.assertj.core.api.Assertions.assertThat;

class Pid1EndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(Pid1AutoConfiguration.class, Pid1EndpointAutoConfiguration.class));

	private final ApplicationContextRunner grpcRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, Pid1AutoConfiguration.class,
				Pid1ShutdownAutoConfiguration.class, Pid1GrpcAutoConfiguration.class,
				Pid1EndpointAutoConfiguration.class))
		.withPropertyValues("pid1.diagnostics.log-on-startup=false", "management.endpoints.web.exposure.include=pid1");

	@Test
	void exposedEndpointIsAvailable() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=pid1")
			.run((context) -> assertThat(context).hasSingleBean(Pid1Endpoint.class));
	}

	@Test
	void notExposedByDefault() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Pid1Endpoint.class));
	}

	@Test
	void exposedOverJmx() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=pid1")
			.run((context) -> assertThat(context).hasSingleBean(Pid1Endpoint.class));
	}

	@Test
	void accessNoneRemovesIt() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=pid1",
					"management.endpoint.pid1.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(Pid1Endpoint.class));
	}

	@Test
	void withoutActuatorThereIsNoEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=pid1")
			.run((context) -> assertThat(context).doesNotHaveBean(Pid1Endpoint.class));
	}

	@Test
	void disabledPid1HasNoEndpoint() {
		this.runner.withPropertyValues("pid1.enabled=false", "management.endpoints.web.exposure.include=pid1")
			.run((context) -> assertThat(context).doesNotHaveBean(Pid1Endpoint.class));
	}

	@Test
	void theGrpcSectionSaysWhatTheDrainDoes() {
		this.grpcRunner.run((context) -> {
			Pid1Endpoint endpoint = context.getBean(Pid1Endpoint.class);
			GrpcDescriptor running = endpoint.pid1(SecurityContext.NONE).grpc();
			assertThat(running).isNotNull();
			assertThat(running.state()).isEqualTo(GrpcDescriptor.State.RUNNING);
			// No server was started in this context: none listens on the network.
			assertThat(running.serving()).isFalse();
			assertThat(running.callsInFlight()).isZero();
			context.getBean(GrpcDrain.class).drainStarted();
			assertThat(endpoint.pid1(SecurityContext.NONE).grpc()).extracting(GrpcDescriptor::state)
				.isEqualTo(GrpcDescriptor.State.DRAINING);
		});
	}

	@Test
	void noGrpcSectionWithoutGrpcOnTheClassPath() {
		this.grpcRunner.withClassLoader(new FilteredClassLoader("io.grpc", "org.springframework.grpc"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(GrpcDrain.class);
				assertThat(context.getBean(Pid1Endpoint.class).pid1(SecurityContext.NONE).grpc()).isNull();
			});
	}

	@Test
	void noGrpcSectionWhenPid1DoesNotDrainGrpc() {
		this.grpcRunner.withPropertyValues("pid1.grpc.enabled=false")
			.run((context) -> assertThat(context.getBean(Pid1Endpoint.class).pid1(SecurityContext.NONE).grpc())
				.isNull());
	}

}
