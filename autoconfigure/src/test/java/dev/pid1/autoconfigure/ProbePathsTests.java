package dev.pid1.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProbePaths}: the probe paths on the main port come from Spring Boot's
 * own health groups, not from a list of their usual names.
 */
class ProbePathsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.probes.enabled=true");

	@Test
	void actuatorOnTheMainPortWithoutAdditionalPaths() {
		this.runner.run((context) -> assertThat(ProbePaths.servlet(context, context.getEnvironment()))
			.containsExactly("/actuator"));
	}

	@Test
	void kubernetesAdditionalPathsAndACustomGroupsPath() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true",
					"management.endpoint.health.group.custom.include=ping",
					"management.endpoint.health.group.custom.additional-path=server:healthz",
					"management.endpoint.health.group.other.include=ping",
					"management.endpoint.health.group.other.additional-path=management:/onmanagement")
			.run((context) -> assertThat(ProbePaths.reactive(context, context.getEnvironment()))
				.containsExactlyInAnyOrder("/actuator", "/livez", "/readyz", "/healthz"));
	}

	@Test
	void aGroupsOwnAdditionalPathReplacesTheKubernetesOne() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true",
					"management.endpoint.health.group.liveness.additional-path=server:/alive")
			.run((context) -> assertThat(ProbePaths.reactive(context, context.getEnvironment()))
				.containsExactlyInAnyOrder("/actuator", "/alive", "/readyz"));
	}

	@Test
	void additionalPathsOnTheMainPortStayWhenTheActuatorHasAPortOfItsOwn() {
		this.runner
			.withPropertyValues("management.server.port=9999", "server.port=8080",
					"management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> assertThat(ProbePaths.reactive(context, context.getEnvironment()))
				.containsExactlyInAnyOrder("/livez", "/readyz"));
	}

	@Test
	void servletPathAndBasePathAreWhereSpringMvcServesThem() {
		this.runner
			.withPropertyValues("spring.mvc.servlet.path=/api/", "management.endpoints.web.base-path=/manage",
					"management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> assertThat(ProbePaths.servlet(context, context.getEnvironment()))
				.containsExactlyInAnyOrder("/api/manage", "/api/livez", "/api/readyz"));
	}

	@Test
	void actuatorAtTheRootExcludesOnlyItsHealthEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(ProbePaths.servlet(context, context.getEnvironment()))
				.containsExactly("/health"));
	}

}
