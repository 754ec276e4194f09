package dev.pid1.environment;

import java.util.List;
import java.util.Optional;

/**
 * The store of a container engine that {@code /} is made of: each engine keeps the layers
 * of its containers in a directory of its own, and mounts a container's root from there.
 * Recognised by the store's own layout, wherever its data root is:
 * <ul>
 * <li>Docker: {@code <data-root>/overlay2/...} ({@code overlay2}),
 * {@code <data-root>/vfs/dir/<id>} ({@code vfs}),
 * {@code <data-root>/btrfs/subvolumes/<id>} ({@code btrfs});</li>
 * <li>containers/storage (Podman, CRI-O, Buildah), rootful or rootless:
 * {@code .../containers/storage/...};</li>
 * <li>containerd (also k3s, and Docker with the containerd image store):
 * {@code .../io.containerd.snapshotter.v1.<snapshotter>/...}.</li>
 * </ul>
 *
 * @param runtime the runtime the store belongs to ({@code docker}, {@code podman},
 * {@code containerd})
 * @param path the store's directory, for instance {@code /var/lib/docker/overlay2}
 * @author pid1 authors
 */
record EngineStore(String runtime, String path) {

	// containers/storage first: its vfs driver lays out "vfs/dir" as Docker's does.
	private static final List<Layout> LAYOUTS = List.of(new Layout("/containers/storage/", "podman"),
			new Layout("/io.containerd.snapshotter.v1.", "containerd"), new Layout("/overlay2/", "docker"),
			new Layout("/vfs/dir/", "docker"), new Layout("/btrfs/subvolumes/", "docker"));

	/**
	 * The engine store the root mount comes from.
	 * @param root the mount at {@code /}
	 * @return the store, or empty when {@code /} is not made of one
	 */
	static Optional<EngineStore> of(RootMount root) {
		for (String directory : root.directories()) {
			for (Layout layout : LAYOUTS) {
				int at = directory.indexOf(layout.marker());
				if (at >= 0) {
					return Optional.of(new EngineStore(layout.runtime(), layout.storePath(directory, at)));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * How an engine lays out its store.
	 *
	 * @param marker the part of a layer's path that names the store: whole directories
	 * (ending with {@code /}), or the beginning of one
	 * @param runtime the runtime
	 */
	private record Layout(String marker, String runtime) {

		/**
		 * The store's directory: up to the marker's end, or to the end of the directory
		 * the marker begins.
		 */
		String storePath(String directory, int at) {
			int end = this.marker.endsWith("/") ? at + this.marker.length() - 1 : directory.indexOf('/', at + 1);
			return (end < 0) ? directory : directory.substring(0, end);
		}

	}

}
