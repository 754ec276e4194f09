package dev.pid1.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The mount this process sees at {@code /}, from its {@code /proc/self/mountinfo}: what a
 * container runtime prepares for each container (an overlay of image layers, or a
 * directory of its store bound to {@code /}), and what a host that merely runs an engine
 * keeps for itself (a whole file system). The mounts the engine makes elsewhere on such a
 * host ({@code /var/lib/docker/...}, {@code /run/docker/netns/...}) are not this one.
 *
 * @param root the directory of the file system mounted at {@code /} (field 4: {@code /}
 * for a whole file system, a store's directory for a bind)
 * @param fsType the file system type, for instance {@code overlay} or {@code ext4}
 * @param source the mount source, for instance {@code /dev/vda} or {@code overlay}
 * @param superOptions the file system's own options (an overlay's {@code lowerdir},
 * {@code upperdir})
 * @author pid1 authors
 */
record RootMount(String root, String fsType, String source, String superOptions) {

	private static final Pattern LAYER_ID = Pattern.compile("(^|[/-])[0-9a-f]{64}($|[/-])");

	/**
	 * The mount at {@code /} of a {@code mountinfo}: the last one, as a later mount over
	 * {@code /} hides an earlier one.
	 * @param mountinfo the content of {@code /proc/self/mountinfo}
	 * @return the mount, or empty when there is none or the lines do not parse
	 */
	static Optional<RootMount> of(String mountinfo) {
		RootMount found = null;
		for (String line : mountinfo.split("\n")) {
			// id parent major:minor root mount-point options [optional...] - type source
			// super-options
			String[] fields = line.trim().split(" ");
			int separator = 6;
			while (separator < fields.length && !"-".equals(fields[separator])) {
				separator++;
			}
			if (fields.length >= separator + 3 && "/".equals(fields[4])) {
				found = new RootMount(unescape(fields[3]), fields[separator + 1], unescape(fields[separator + 2]),
						(fields.length > separator + 3) ? fields[separator + 3] : "");
			}
		}
		return Optional.ofNullable(found);
	}

	/**
	 * Whether {@code /} is an overlay (the kernel's or fuse-overlayfs, as rootless
	 * runtimes use).
	 * @return whether the root is an overlay
	 */
	boolean overlay() {
		return "overlay".equals(this.fsType) || "fuse.fuse-overlayfs".equals(this.fsType);
	}

	/**
	 * Whether {@code /} has the shape of a container's root rather than a host's: an
	 * overlay, or a directory or device named after a layer's 64-hex-digit id (Docker's
	 * {@code vfs}, {@code btrfs}, {@code zfs} and {@code devicemapper} drivers). A host's
	 * root is a whole file system, or a subvolume with a name of its own ({@code /root},
	 * {@code /@}). It corroborates a mark and proves nothing alone: a live system's root
	 * is an overlay too.
	 * @return whether the root looks like a container's
	 */
	boolean containerShaped() {
		return overlay() || LAYER_ID.matcher(this.root).find() || LAYER_ID.matcher(this.source).find();
	}

	/**
	 * The directories {@code /} is made of, where the runtime keeps them: an overlay's
	 * upper then lower directories, else the directory bound to {@code /}.
	 * @return the directories, empty for a whole file system
	 */
	List<String> directories() {
		List<String> directories = new ArrayList<>();
		if (overlay()) {
			for (String option : this.superOptions.split(",")) {
				if (option.startsWith("upperdir=")) {
					directories.add(0, unescape(option.substring("upperdir=".length())));
				}
				else if (option.startsWith("lowerdir=") || option.startsWith("lowerdir+=")) {
					for (String lower : option.substring(option.indexOf('=') + 1).split(":")) {
						directories.add(unescape(lower));
					}
				}
			}
		}
		if (!"/".equals(this.root)) {
			directories.add(this.root);
		}
		return directories;
	}

	@Override
	public String toString() {
		return overlay() ? this.fsType : this.fsType + " " + this.source;
	}

	/**
	 * Undoes the octal escapes of {@code mountinfo} ({@code \040} for a space).
	 */
	private static String unescape(String field) {
		if (field.indexOf('\\') < 0) {
			return field;
		}
		StringBuilder result = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
				result.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
				i += 3;
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	private static boolean isOctal(String field, int from) {
		for (int i = from; i < from + 3; i++) {
			if (field.charAt(i) < '0' || field.charAt(i) > '7') {
				return false;
			}
		}
		return true;
	}

}
