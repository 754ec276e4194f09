package dev.pid1.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.pid1.platform.ProcFs;

/**
 * Detects a container from the marks runtimes leave: {@code /.dockerenv} (Docker),
 * {@code /run/.containerenv} (Podman), the {@code container} environment variable
 * (Podman, systemd-nspawn), and cgroup or mount paths (Kubernetes, containerd, LXC; only
 * visible under cgroup v1 or without a private cgroup namespace).
 *
 * @author pid1 authors
 */
final class ContainerDetector {

	private final Path root;

	private final ProcFs procFs;

	private final Map<String, String> environment;

	ContainerDetector(Path root, ProcFs procFs, Map<String, String> environment) {
		this.root = root;
		this.procFs = procFs;
		this.environment = environment;
	}

	/**
	 * Looks for a container.
	 * @return what was found
	 */
	ContainerInfo detect() {
		if (Files.exists(this.root.resolve(".dockerenv"))) {
			return new ContainerInfo(true, "docker", "/.dockerenv");
		}
		if (Files.exists(this.root.resolve("run/.containerenv"))) {
			return new ContainerInfo(true, "podman", "/run/.containerenv");
		}
		String container = this.environment.get("container");
		if (container != null && !container.isBlank()) {
			return new ContainerInfo(true, container, "environment variable container=" + container);
		}
		return fromPaths("self/cgroup").or(() -> fromPaths("self/mountinfo")).orElse(ContainerInfo.none());
	}

	private Optional<ContainerInfo> fromPaths(String file) {
		return this.procFs.read(file).flatMap((content) -> {
			String evidence = "/proc/" + file;
			if (content.contains("kubepods")) {
				return Optional.of(new ContainerInfo(true, "kubernetes", evidence));
			}
			if (content.contains("/docker/") || content.contains("docker-")) {
				return Optional.of(new ContainerInfo(true, "docker", evidence));
			}
			if (content.contains("libpod")) {
				return Optional.of(new ContainerInfo(true, "podman", evidence));
			}
			if (content.contains("containerd")) {
				return Optional.of(new ContainerInfo(true, "containerd", evidence));
			}
			if (content.contains("/lxc/") || content.contains("lxc.payload")) {
				return Optional.of(new ContainerInfo(true, "lxc", evidence));
			}
			return Optional.empty();
		});
	}

}
