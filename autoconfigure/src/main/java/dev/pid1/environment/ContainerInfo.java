package dev.pid1.environment;

import org.jspecify.annotations.Nullable;

/**
 * Whether this process runs in a container, and what gave it away.
 *
 * @param detected whether a container was detected
 * @param runtime the runtime, when known ({@code docker}, {@code podman} (also CRI-O's
 * containers/storage), {@code kubernetes}, {@code containerd}, {@code lxc}, or what the
 * {@code container} environment variable says), else {@code null}
 * @param evidence what was found, for instance
 * {@code /.dockerenv, / on overlay from /var/lib/docker/overlay2}; without a container, a
 * mark that was found and why it did not count (a {@code /.dockerenv} on a host's whole
 * root file system), else {@code null}
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
