package dev.pid1.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pid1.actuate.Pid1Endpoint;

import static org.assertj.core.api.Assertions.assertThat;

class Pid1EndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(Pid1AutoConfiguration.class, Pid1EndpointAutoConfiguration.class));

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

}
