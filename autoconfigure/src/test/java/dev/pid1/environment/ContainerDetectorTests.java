package dev.pid1.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.pid1.platform.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ContainerDetector}: every fixture captured on a real machine, host
 * side and inside each runtime ({@code fixtures/README.md}), then the rules one by one.
 *
 * @author pid1 authors
 */
class ContainerDetectorTests {

	@TempDir
	Path root;

	@TempDir
	Path proc;

	@TempDir
	Path fixtures;

	/**
	 * A machine that runs an engine is no container: its own mountinfo lists the engine's
	 * mounts, and this kind of machine has a {@code /.dockerenv} of its own (its image
	 * was made from a container). The detector before this rule called every one of them
	 * a Docker container.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "null", textBlock = """
			plain-host      |              | /.dockerenv ignored: / is ext4 /dev/vda, not a container's root
			plain-host      | -/.dockerenv | null
			docker-host     |              | /.dockerenv ignored: / is ext4 /dev/vda, not a container's root
			docker-host     | -/.dockerenv | null
			podman-host     | -/.dockerenv | null
			podman-host     |              | /.dockerenv ignored: / is ext4 /dev/vda, not a container's root
			containerd-host | -/.dockerenv | null
			containerd-host |              | /.dockerenv ignored: / is ext4 /dev/vda, not a container's root
			""")
	void aHostThatRunsAnEngineIsNoContainer(String fixture, String changes, String evidence) {
		HostFixture host = HostFixture.of(fixture, this.fixtures).change((changes != null) ? changes : "");
		assertThat(host.detect()).extracting(ContainerInfo::detected, ContainerInfo::runtime, ContainerInfo::evidence)
			.containsExactly(false, null, evidence);
		EnvironmentFacts facts = host.detector(4242).facts();
		assertThat(facts.orchestrated()).isFalse();
		assertThat(facts.callsForDrain()).isFalse();
	}

	/**
	 * Inside each runtime, as captured: Docker (overlay2 and vfs, read-only root, private
	 * cgroup namespace), Podman (rootful, read-only, private cgroup namespace),
	 * containerd ({@code ctr run}); and with the first evidence taken away, the next.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					docker-inside                      |                    | docker     | /.dockerenv, / on overlay from /var/lib/docker/overlay2
					docker-inside-readonly             |                    | docker     | /.dockerenv, / on overlay from /var/lib/docker/overlay2
					docker-inside-cgroupns-private     |                    | docker     | /.dockerenv, / on overlay from /var/lib/docker/overlay2
					docker-vfs-inside                  |                    | docker     | /.dockerenv, / on ext4 from /tmp/fx/dvfs/vfs/dir
					docker-vfs-inside-cgroupns-private |                    | docker     | /.dockerenv, / on ext4 from /tmp/fx/dvfs/vfs/dir
					docker-inside                      | -/.dockerenv       | docker     | /proc/self/cgroup /docker/a3974ad63c336b18380e900f1eb3b29751d2c9ec92acc3d3fa16c0c27affd479
					docker-inside-cgroupns-private     | -/.dockerenv       | docker     | / on overlay from /var/lib/docker/overlay2
					docker-vfs-inside-cgroupns-private | -/.dockerenv       | docker     | / on ext4 from /tmp/fx/dvfs/vfs/dir
					podman-inside                      |                    | podman     | environment variable container=podman
					podman-inside-readonly             |                    | podman     | environment variable container=podman
					podman-inside-cgroupns-private     |                    | podman     | environment variable container=podman
					podman-inside-readonly             | -own-container     | podman     | container=podman in /proc/1/environ
					podman-inside                      | -container         | podman     | /run/.containerenv
					podman-inside                      | -container -/run/.containerenv | podman | /proc/self/cgroup /libpod_parent/libpod-d2a96a5f7e1bfbe702b1f3c5ac5383f9df046491b4dba0eb317a7fe8723358af
					podman-inside-cgroupns-private     | -container -/run/.containerenv | podman | / on overlay from /var/lib/containers/storage
					podman-rootless-inside             |                    | podman     | environment variable container=podman
					podman-rootless-inside             | -container -/run/.containerenv | podman | / on ext4 from /home/pid1rootless/.local/share/containers/storage
					containerd-inside                  |                    | containerd | / on overlay from /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs
					containerd-inside-readonly         |                    | containerd | / on overlay from /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs
					""")
	void insideEachRuntimeAContainer(String fixture, String changes, String runtime, String evidence) {
		HostFixture container = HostFixture.of(fixture, this.fixtures).change((changes != null) ? changes : "");
		assertThat(container.detect())
			.extracting(ContainerInfo::detected, ContainerInfo::runtime, ContainerInfo::evidence)
			.containsExactly(true, runtime, evidence);
		EnvironmentFacts facts = container.detector(7).facts();
		assertThat(facts.orchestrated()).isTrue();
		assertThat(facts.callsForDrain()).isTrue();
	}

	@Test
	void everyFixtureIsInATable() {
		assertThat(HostFixture.HOSTS).hasSize(4);
		assertThat(HostFixture.CONTAINERS).hasSize(11);
		for (String fixture : HostFixture.CONTAINERS) {
			assertThat(HostFixture.of(fixture, this.fixtures.resolve(fixture)).detect().detected()).as(fixture)
				.isTrue();
		}
		for (String fixture : HostFixture.HOSTS) {
			assertThat(HostFixture.of(fixture, this.fixtures.resolve(fixture)).detect().detected()).as(fixture)
				.isFalse();
		}
	}

	@Test
	void aDockerenvWithoutAMountTableToCheckItAgainstCounts() throws Exception {
		Files.createFile(this.root.resolve(".dockerenv"));
		assertThat(detect(Map.of()))
			.isEqualTo(new ContainerInfo(true, "docker", "/.dockerenv (no mount at / in /proc/self/mountinfo)"));
	}

	@Test
	void aDockerenvOnAHostsWholeRootDoesNotCount() throws Exception {
		Files.createFile(this.root.resolve(".dockerenv"));
		hostFiles("0::/user.slice/user-1000.slice/session-2.scope\n");
		assertThat(detect(Map.of()).detected()).isFalse();
	}

	@Test
	void aDockerenvOnAHostsBtrfsSubvolumeDoesNotCount() throws Exception {
		Files.createFile(this.root.resolve(".dockerenv"));
		hostFiles("0::/user.slice\n");
		Files.writeString(this.proc.resolve("self/mountinfo"),
				"35 1 0:33 /root / rw,relatime shared:1 - btrfs /dev/nvme0n1p3 rw,subvol=/root\n");
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(false, null,
				"/.dockerenv ignored: / is btrfs /dev/nvme0n1p3, not a container's root"));
	}

	@Test
	void aDockerenvOnALayerOfDockersZfsDriverCounts() throws Exception {
		String dataset = "rpool/docker/" + "0123456789abcdef".repeat(4);
		Files.createFile(this.root.resolve(".dockerenv"));
		hostFiles("0::/\n");
		Files.writeString(this.proc.resolve("self/mountinfo"), "90 80 0:50 / / rw - zfs " + dataset + " rw\n");
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(true, "docker", "/.dockerenv, / on zfs " + dataset));
	}

	@Test
	void containerenvMeansPodman() throws Exception {
		Files.createDirectories(this.root.resolve("run"));
		Files.createFile(this.root.resolve("run/.containerenv"));
		assertThat(detect(Map.of()).runtime()).isEqualTo("podman");
	}

	@Test
	void containerVariableNamesTheRuntime() {
		assertThat(detect(Map.of("container", "systemd-nspawn")))
			.isEqualTo(new ContainerInfo(true, "systemd-nspawn", "environment variable container=systemd-nspawn"));
	}

	@Test
	void kubepodsInTheCgroupMeansKubernetes() throws Exception {
		hostFiles("0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope\n");
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(true, "kubernetes",
				"/proc/self/cgroup /kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope"));
	}

	@Test
	void aSystemdDockerScopeInTheCgroupMeansDocker() throws Exception {
		String scope = "/system.slice/docker-" + "0123456789abcdef".repeat(4) + ".scope";
		hostFiles("0::" + scope + "\n");
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(true, "docker", "/proc/self/cgroup " + scope));
	}

	@Test
	void hostServicesNamedAfterAnEngineAreNoContainer() throws Exception {
		hostFiles("1:name=systemd:/system.slice/docker.service\n0::/system.slice/containerd.service\n");
		assertThat(detect(Map.of()).detected()).isFalse();
	}

	@Test
	void anOverlayRootOutsideAnyEngineStoreIsNoContainer() throws Exception {
		// A live system: / is an overlay of the medium and a tmpfs.
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("self/cgroup"), "0::/user.slice\n");
		Files.writeString(this.proc.resolve("self/mountinfo"),
				"27 1 0:30 / / rw,relatime - overlay /cow rw,lowerdir=/rofs,upperdir=/cow/upper,workdir=/cow/work\n");
		assertThat(detect(Map.of()).detected()).isFalse();
	}

	@Test
	void aPlainHostIsNoContainer() throws Exception {
		hostFiles("0::/user.slice/user-1000.slice/session-2.scope\n");
		ContainerInfo info = detect(Map.of("HOME", "/root"));
		assertThat(info).isEqualTo(ContainerInfo.none());
		assertThat(info).hasToString("no container");
	}

	private void hostFiles(String cgroup) throws Exception {
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("self/cgroup"), cgroup);
		Files.writeString(this.proc.resolve("self/mountinfo"), "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
	}

	private ContainerInfo detect(Map<String, String> environment) {
		return new ContainerDetector(this.root, new ProcFs(this.proc), environment).detect();
	}

}
