package dev.pid1.environment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RootMount} and {@link EngineStore}, on mount lines of layouts the
 * fixtures do not cover (written after each engine's documented layout, not captured).
 *
 * @author pid1 authors
 */
class RootMountTests {

	@Test
	void theLastMountAtTheRootWins() {
		RootMount root = RootMount.of("""
				1 0 8:1 / / rw - ext4 /dev/sda1 rw
				22 27 0:21 / /proc rw - proc proc rw
				30 1 0:30 / / rw - overlay overlay rw,upperdir=/var/lib/docker/overlay2/abc/diff
				""").orElseThrow();
		assertThat(root.fsType()).isEqualTo("overlay");
		assertThat(root.directories()).containsExactly("/var/lib/docker/overlay2/abc/diff");
	}

	@Test
	void optionalFieldsAndEscapesAreRead() {
		RootMount root = RootMount
			.of("27 1 254:0 /srv/my\\040containers/vfs/dir/abc / rw,relatime shared:1 master:2 - ext4 /dev/vda rw\n")
			.orElseThrow();
		assertThat(root.root()).isEqualTo("/srv/my containers/vfs/dir/abc");
		assertThat(root.source()).isEqualTo("/dev/vda");
		assertThat(EngineStore.of(root)).hasValue(new EngineStore("docker", "/srv/my containers/vfs/dir"));
	}

	@Test
	void noMountAtTheRootIsNone() {
		assertThat(RootMount.of("22 27 0:21 / /proc rw - proc proc rw\n")).isEmpty();
		assertThat(RootMount.of("")).isEmpty();
		assertThat(RootMount.of("garbage\n")).isEmpty();
	}

	@Test
	void rootlessPodmanWithNativeOverlay() {
		assertThat(store("overlay overlay rw,lowerdir=/home/dev/.local/share/containers/storage/overlay/l/A:"
				+ "/home/dev/.local/share/containers/storage/overlay/l/B,upperdir=/home/dev/.local/share/containers"
				+ "/storage/overlay/123/diff,workdir=/home/dev/.local/share/containers/storage/overlay/123/work"))
			.isEqualTo("podman /home/dev/.local/share/containers/storage");
	}

	@Test
	void lowerLayersAddedOneByOne() {
		// Newer mounts pass each lower layer as lowerdir+= (the new mount API).
		assertThat(store("overlay overlay ro,lowerdir+=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"
				+ "/snapshots/7/fs,lowerdir+=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/6/fs"))
			.isEqualTo("containerd /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs");
	}

	@Test
	void k3sAndDockersContainerdImageStoreAreContainerdSnapshots() {
		assertThat(store("overlay overlay rw,upperdir=/var/lib/rancher/k3s/agent/containerd/"
				+ "io.containerd.snapshotter.v1.overlayfs/snapshots/42/fs"))
			.isEqualTo("containerd /var/lib/rancher/k3s/agent/containerd/io.containerd.snapshotter.v1.overlayfs");
		assertThat(store("overlay overlay rw,upperdir=/var/lib/docker/containerd/daemon/"
				+ "io.containerd.snapshotter.v1.overlayfs/snapshots/9/fs"))
			.isEqualTo("containerd /var/lib/docker/containerd/daemon/io.containerd.snapshotter.v1.overlayfs");
	}

	@Test
	void dockerWithAnotherDataRoot() {
		assertThat(store("overlay overlay rw,lowerdir=/mnt/data/docker/overlay2/l/X,upperdir=/mnt/data/docker/overlay2/"
				+ "f00/diff"))
			.isEqualTo("docker /mnt/data/docker/overlay2");
	}

	@Test
	void fuseOverlayfsIsLayeredWithoutDirectories() {
		RootMount root = RootMount
			.of("100 90 0:50 / / rw,nodev,relatime - fuse.fuse-overlayfs fuse-overlayfs "
					+ "rw,user_id=0,group_id=0,default_permissions,allow_other\n")
			.orElseThrow();
		assertThat(root.containerShaped()).isTrue();
		assertThat(EngineStore.of(root)).isEmpty();
	}

	@Test
	void dockersZfsAndDevicemapperRootsAreNamedAfterTheLayer() {
		String id = "0123456789abcdef".repeat(4);
		assertThat(
				RootMount.of("100 90 0:50 / / rw - zfs rpool/docker/" + id + " rw\n").orElseThrow().containerShaped())
			.isTrue();
		assertThat(RootMount.of("100 90 253:3 / / rw - xfs /dev/mapper/docker-8:1-1234-" + id + " rw\n")
			.orElseThrow()
			.containerShaped()).isTrue();
	}

	@Test
	void aHostsWholeRootIsNeitherLayeredNorFromAStore() {
		RootMount root = RootMount.of("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n").orElseThrow();
		assertThat(root.containerShaped()).isFalse();
		assertThat(root.directories()).isEmpty();
		assertThat(root).hasToString("ext4 /dev/vda");
	}

	@Test
	void aHostOnABtrfsSubvolumeIsNotShapedAsAContainer() {
		// Fedora's default: / is the subvolume "root" of the btrfs file system.
		RootMount root = RootMount.of("35 1 0:33 /root / rw,relatime shared:1 - btrfs /dev/nvme0n1p3 rw,subvol=/root\n")
			.orElseThrow();
		assertThat(root.containerShaped()).isFalse();
		assertThat(EngineStore.of(root)).isEmpty();
	}

	private static String store(String typeSourceOptions) {
		RootMount root = RootMount.of("100 90 0:50 / / rw,relatime - " + typeSourceOptions + "\n").orElseThrow();
		return EngineStore.of(root).map((store) -> store.runtime() + " " + store.path()).orElse("none");
	}

}
