package dev.pid1.diagnosis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.PlatformLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProcessDiagnostics}: it reports the environment facts it is given, not
 * a look of its own.
 *
 * @author pid1 authors
 */
class ProcessDiagnosticsTests {

	private final PlatformLoader loader = new PlatformLoader(getClass().getClassLoader()).start();

	@Test
	void theDiagnosisReportsTheEnvironmentFacts() {
		long pid = ProcessHandle.current().pid();
		EnvironmentFacts podman = new EnvironmentFacts(pid, false,
				new ContainerInfo(true, "podman", "/run/.containerenv"), true);
		EnvironmentFacts host = new EnvironmentFacts(pid, false, ContainerInfo.none(), false);
		ProcessDiagnosis inPodman = diagnose(podman);
		assertThat(inPodman.environment()).isSameAs(podman);
		assertThat(inPodman.summary()).contains(", container (podman), Kubernetes;");
		ProcessDiagnosis onAHost = diagnose(host);
		assertThat(onAHost.summary()).contains(", no container;").doesNotContain("Kubernetes");
	}

	private ProcessDiagnosis diagnose(EnvironmentFacts facts) {
		return new ProcessDiagnostics(() -> this.loader.get(Duration.ofSeconds(20)), () -> facts).diagnose(false);
	}

}
