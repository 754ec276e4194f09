package dev.pid1.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.platform.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EnvironmentDetector} against fake {@code /} and {@code /proc} trees
 * and environments.
 *
 * @author pid1 authors
 */
class EnvironmentDetectorTests {

	@TempDir
	Path root;

	@TempDir
	Path proc;

	@Test
	void aPlainHostProcessIsNeitherPid1NorOrchestrated() throws Exception {
		hostCgroup();
		EnvironmentFacts facts = detector(Map.of("HOME", "/root"), 4242, false).facts();
		assertThat(facts).isEqualTo(new EnvironmentFacts(4242, false, ContainerInfo.none(), false));
		assertThat(facts.orchestrated()).isFalse();
		assertThat(facts.callsForDrain()).isFalse();
	}

	@Test
	void pid1OfAPidNamespaceWithoutContainerMarksCallsForADrainButIsNotOrchestrated() throws Exception {
		hostCgroup();
		EnvironmentFacts facts = detector(Map.of(), 1, false).facts();
		assertThat(facts.init()).isTrue();
		assertThat(facts.orchestrated()).isFalse();
		assertThat(facts.callsForDrain()).isTrue();
	}

	@Test
	void aDockerContainerWithItsEvidence(@TempDir Path fixture) {
		EnvironmentFacts facts = HostFixture.of("docker-inside", fixture).detector(7).facts();
		assertThat(facts.container())
			.isEqualTo(new ContainerInfo(true, "docker", "/.dockerenv, / on overlay from /var/lib/docker/overlay2"));
		assertThat(facts.orchestrated()).isTrue();
		assertThat(facts.callsForDrain()).isTrue();
	}

	@Test
	void aDockerHostIsNeitherOrchestratedNorCallsForADrain(@TempDir Path fixture) {
		EnvironmentFacts facts = HostFixture.of("docker-host", fixture).detector(4242).facts();
		assertThat(facts.container().detected()).isFalse();
		assertThat(facts.orchestrated()).isFalse();
		assertThat(facts.callsForDrain()).isFalse();
	}

	@Test
	void kubernetesWithoutAVisibleContainerIsOrchestrated() throws Exception {
		hostCgroup();
		EnvironmentFacts facts = detector(Map.of(), 7, true).facts();
		assertThat(facts.container().detected()).isFalse();
		assertThat(facts.kubernetes()).isTrue();
		assertThat(facts.orchestrated()).isTrue();
	}

	@Test
	void aPodmanContainerFromItsEnvironmentVariable() throws Exception {
		hostCgroup();
		assertThat(detector(Map.of("container", "podman"), 1, false).facts().container())
			.isEqualTo(new ContainerInfo(true, "podman", "environment variable container=podman"));
	}

	@Test
	void decidedOnceAtTheFirstDemand() throws Exception {
		hostCgroup();
		AtomicInteger asked = new AtomicInteger();
		EnvironmentDetector detector = new EnvironmentDetector(this.root, new ProcFs(this.proc), Map.of(), () -> {
			asked.incrementAndGet();
			return 7;
		}, false);
		assertThat(asked).as("nothing is read before the first demand").hasValue(0);
		EnvironmentFacts first = detector.facts();
		// A container mark appearing later changes nothing: the facts were decided.
		Files.createFile(this.root.resolve(".dockerenv"));
		assertThat(detector.facts()).isSameAs(first);
		assertThat(first.container().detected()).isFalse();
		assertThat(asked).hasValue(1);
	}

	private EnvironmentDetector detector(Map<String, String> environment, long pid, boolean kubernetes) {
		return new EnvironmentDetector(this.root, new ProcFs(this.proc), environment, () -> pid, kubernetes);
	}

	private void hostCgroup() throws Exception {
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("self/cgroup"), "0::/user.slice/user-1000.slice/session-2.scope\n");
		Files.writeString(this.proc.resolve("self/mountinfo"), "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
	}

}
