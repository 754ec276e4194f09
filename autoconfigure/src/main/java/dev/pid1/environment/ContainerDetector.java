package dev.pid1.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ProcFs;

/**
 * Detects a container from evidence only a container has, never from what a host that
 * merely runs an engine has too: such a host sees the engine's mounts
 * ({@code /var/lib/docker/...}, {@code /run/docker/netns/...},
 * {@code /run/containerd/...}) in its own {@code mountinfo}, and may even carry a
 * {@code /.dockerenv} (a machine image made with {@code docker export} keeps it). In
 * order, the first that holds:
 * <ol>
 * <li>the {@code container} environment variable, of this process or of PID 1 (Podman,
 * systemd-nspawn, LXC set it);</li>
 * <li>{@code /run/.containerenv} (Podman and CRI-O bind it into each container);</li>
 * <li>{@code /.dockerenv} on a root that is an overlay or a bound directory: Docker
 * creates the file in each container's root, which is never a whole file system (where no
 * mount at {@code /} can be read, the file counts alone);</li>
 * <li>a cgroup of this process named after a container or a pod (visible without a
 * private cgroup namespace);</li>
 * <li>a root mounted from an engine's store ({@link EngineStore}): what containerd,
 * without any marker, leaves.</li>
 * </ol>
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
		String container = this.environment.get("container");
		if (container != null && !container.isBlank()) {
			return new ContainerInfo(true, container, "environment variable container=" + container);
		}
		String initContainer = this.procFs.environ(1)
			.map((environ) -> environ.getOrDefault("container", ""))
			.orElse("");
		if (!initContainer.isBlank()) {
			return new ContainerInfo(true, initContainer, "container=" + initContainer + " in /proc/1/environ");
		}
		if (Files.exists(this.root.resolve("run/.containerenv"))) {
			return new ContainerInfo(true, "podman", "/run/.containerenv");
		}
		@Nullable RootMount rootMount = this.procFs.read("self/mountinfo").flatMap(RootMount::of).orElse(null);
		boolean dockerenv = Files.exists(this.root.resolve(".dockerenv"));
		if (dockerenv) {
			if (rootMount == null) {
				// Nothing to check it against: trust it, as a container is the likelier.
				return new ContainerInfo(true, "docker", "/.dockerenv (no mount at / in /proc/self/mountinfo)");
			}
			if (rootMount.containerShaped()) {
				return new ContainerInfo(true, "docker", "/.dockerenv, / on " + onWhat(rootMount));
			}
		}
		Optional<ContainerCgroup> cgroup = this.procFs.read("self/cgroup").flatMap(ContainerCgroup::of);
		if (cgroup.isPresent()) {
			return new ContainerInfo(true, cgroup.get().runtime(), "/proc/self/cgroup " + cgroup.get().path());
		}
		Optional<EngineStore> store = (rootMount != null) ? EngineStore.of(rootMount) : Optional.empty();
		if (rootMount != null && store.isPresent()) {
			return new ContainerInfo(true, store.get().runtime(),
					"/ on " + rootMount.fsType() + " from " + store.get().path());
		}
		return new ContainerInfo(false, null, (dockerenv && rootMount != null) ? ignoredDockerenv(rootMount) : null);
	}

	private static String onWhat(RootMount root) {
		return EngineStore.of(root)
			.map((store) -> root.fsType() + " from " + store.path())
			.orElseGet(() -> root.overlay() ? root.fsType()
					: root.fsType() + " " + ("/".equals(root.root()) ? root.source() : root.root()));
	}

	/**
	 * Why a {@code /.dockerenv} did not count: said, so that whoever wonders why pid1
	 * sees no container here learns it.
	 */
	private static String ignoredDockerenv(RootMount root) {
		return "/.dockerenv ignored: / is " + root + ", not a container's root";
	}

}
