package dev.pid1.environment;

import org.jspecify.annotations.Nullable;

/**
 * Whether this process runs in a container, and what gave it away.
 *
 * @param detected whether a container was detected
 * @param runtime the runtime, when known ({@code docker}, {@code podman},
 * {@code kubernetes}, {@code containerd}, {@code lxc}), else {@code null}
 * @param evidence what was found, for instance {@code /.dockerenv}
 * @author pid1 authors
 */
public record ContainerInfo(boolean detected, @Nullable String runtime, @Nullable String evidence) {

	/**
	 * No container found.
	 * @return the answer that there is none
	 */
	public static ContainerInfo none() {
		return new ContainerInfo(false, null, null);
	}

	@Override
	public String toString() {
		return this.detected ? "container (" + ((this.runtime != null) ? this.runtime : "unknown runtime") + ")"
				: "no container";
	}

}
