package dev.pid1.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.platform.ProcFs;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerDetectorTests {

	@TempDir
	Path root;

	@TempDir
	Path proc;

	@Test
	void dockerenvMeansDocker() throws Exception {
		Files.createFile(this.root.resolve(".dockerenv"));
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(true, "docker", "/.dockerenv"));
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
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("self/cgroup"),
				"0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope\n");
		assertThat(detect(Map.of())).isEqualTo(new ContainerInfo(true, "kubernetes", "/proc/self/cgroup"));
	}

	@Test
	void aPlainHostIsNoContainer() throws Exception {
		Files.createDirectories(this.proc.resolve("self"));
		Files.writeString(this.proc.resolve("self/cgroup"), "0::/user.slice/user-1000.slice/session-2.scope\n");
		Files.writeString(this.proc.resolve("self/mountinfo"), "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
		ContainerInfo info = detect(Map.of("HOME", "/root"));
		assertThat(info.detected()).isFalse();
		assertThat(info).hasToString("no container");
	}

	private ContainerInfo detect(Map<String, String> environment) {
		return new ContainerDetector(this.root, new ProcFs(this.proc), environment).detect();
	}

}
