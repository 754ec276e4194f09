package dev.pid1.testcontainers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Endpoints}' port resolution.
 *
 * @author pid1 authors
 */
class EndpointsTests {

	@Test
	void usesTheMappedPortUnlessTheContainerSharesTheHostsNetwork() {
		assertThat(Endpoints.hostPort("bridge", 8080, (port) -> 32768)).isEqualTo(32768);
		assertThat(Endpoints.hostPort(null, 8080, (port) -> 32768)).isEqualTo(32768);
		assertThat(Endpoints.hostPort("host", 8080, (port) -> {
			throw new IllegalStateException("nothing is mapped on the host's network");
		})).isEqualTo(8080);
	}

	@Test
	void aPid1ContainerOnTheHostsNetworkGetsPortsOfItsOwn() {
		try (Pid1Container container = new Pid1Container("example/app:1").withManagementPort(8081).withHostNetwork()) {
			assertThat(container.getExposedPorts()).containsExactly(8080, 8081);
			container.configure();
			assertThat(container.getExposedPorts()).isEmpty();
			assertThat(container.appHostPort()).isNotEqualTo(8080);
			assertThat(container.getEnvMap()).containsEntry("SERVER_PORT", Integer.toString(container.appHostPort()))
				.containsEntry("MANAGEMENT_SERVER_PORT", Integer.toString(container.managementHostPort()));
		}
	}

}
