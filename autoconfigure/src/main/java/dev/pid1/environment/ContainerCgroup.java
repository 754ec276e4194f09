package dev.pid1.environment;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cgroup of this process that names a container, from {@code /proc/self/cgroup}: the
 * cgroup a runtime creates for each container, named after it. Only this process's own
 * cgroups count (a host's other processes, the engine's among them, are elsewhere), and
 * only the shapes that carry a container's id or a pod: a host service named after an
 * engine ({@code docker.service}, {@code containerd.service}) is no container. Inside a
 * private cgroup namespace (the default under cgroup v2) every path reads {@code /}, so
 * the absence of a match proves nothing.
 *
 * @param runtime the runtime ({@code kubernetes}, {@code docker}, {@code podman},
 * {@code containerd}, {@code lxc})
 * @param path the cgroup path that names it
 * @author pid1 authors
 */
record ContainerCgroup(String runtime, String path) {

	private static final List<Shape> SHAPES = List.of(new Shape("kubernetes", "(^|/)kubepods([./-]|$)"),
			new Shape("docker", "(^|/)docker[/-][0-9a-f]{64}(\\.scope)?($|/)"),
			new Shape("podman", "(^|/)libpod-[0-9a-f]{64}(\\.scope)?($|/)"),
			new Shape("containerd", "(^|/)cri-containerd-[0-9a-f]{64}(\\.scope)?($|/)"),
			new Shape("lxc", "(^|/)(lxc/[^/]+|lxc\\.payload\\.[^/]+)($|/)"));

	/**
	 * The first of this process's cgroups that names a container.
	 * @param cgroup the content of {@code /proc/self/cgroup}
	 * @return the container's cgroup, or empty when none names one
	 */
	static Optional<ContainerCgroup> of(String cgroup) {
		for (String line : cgroup.split("\n")) {
			// hierarchy-id:controllers:path
			int colon = line.indexOf(':', line.indexOf(':') + 1);
			if (colon < 0) {
				continue;
			}
			String path = line.substring(colon + 1).trim();
			for (Shape shape : SHAPES) {
				Matcher matcher = shape.pattern().matcher(path);
				if (matcher.find()) {
					return Optional.of(new ContainerCgroup(shape.runtime(), path));
				}
			}
		}
		return Optional.empty();
	}

	private record Shape(String runtime, Pattern pattern) {

		Shape(String runtime, String regex) {
			this(runtime, Pattern.compile(regex));
		}

	}

}
