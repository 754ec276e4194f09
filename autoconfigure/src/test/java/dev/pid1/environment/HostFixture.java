package dev.pid1.environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pid1.platform.ProcFs;

/**
 * A machine as a process on it saw it, captured for real (see
 * {@code fixtures/README.md}): its {@code /proc/self/mountinfo} and
 * {@code /proc/self/cgroup}, the container marks present at {@code /}, and the
 * {@code container} variable of its environment; laid out as a fake {@code /} and
 * {@code /proc} in a directory, which {@link FixtureApp} reads too.
 *
 * @author pid1 authors
 */
final class HostFixture {

	/** The machines, as {@code fixtures/<name>}. */
	static final List<String> HOSTS = List.of("plain-host", "docker-host", "podman-host", "containerd-host");

	/** Inside containers, as {@code fixtures/<name>}. */
	static final List<String> CONTAINERS = List.of("docker-inside", "docker-inside-readonly",
			"docker-inside-cgroupns-private", "docker-vfs-inside", "docker-vfs-inside-cgroupns-private",
			"podman-inside", "podman-inside-readonly", "podman-inside-cgroupns-private", "podman-rootless-inside",
			"containerd-inside", "containerd-inside-readonly");

	final Path dir;

	private HostFixture(Path dir) {
		this.dir = dir;
	}

	/**
	 * Lays out a fixture in a directory: {@code root/} with its marks, {@code proc/self/}
	 * with its files, {@code proc/1/environ} and {@code environment} with its
	 * {@code container} variable (the captures found it in both).
	 * @param name the fixture
	 * @param dir an empty directory
	 * @return the fixture
	 */
	static HostFixture of(String name, Path dir) {
		try {
			Files.createDirectories(dir.resolve("root"));
			Files.createDirectories(dir.resolve("proc/self"));
			Files.createDirectories(dir.resolve("proc/1"));
			Files.writeString(dir.resolve("proc/self/mountinfo"), resource(name, "mountinfo"));
			Files.writeString(dir.resolve("proc/self/cgroup"), resource(name, "cgroup"));
			String environment = resource(name, "environment");
			Files.writeString(dir.resolve("environment"), environment);
			Files.writeString(dir.resolve("proc/1/environ"), environment.replace('\n', '\0'));
			HostFixture fixture = new HostFixture(dir);
			resource(name, "markers").lines().filter((line) -> !line.isBlank()).forEach(fixture::addMarker);
			return fixture;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path root() {
		return this.dir.resolve("root");
	}

	Path proc() {
		return this.dir.resolve("proc");
	}

	/**
	 * The environment of the process that captured it (its {@code container} variable).
	 * @return the variables
	 */
	Map<String, String> environment() {
		return environment(this.dir);
	}

	HostFixture addMarker(String path) {
		try {
			Path file = root().resolve(path.substring(1));
			Files.createDirectories(file.getParent());
			Files.writeString(file, "");
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	HostFixture removeMarker(String path) {
		try {
			Files.deleteIfExists(root().resolve(path.substring(1)));
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Removes the {@code container} variable, from this process's environment only, as a
	 * script that starts the JVM with a clean environment does.
	 * @return this fixture
	 */
	HostFixture withoutOwnContainerVariable() {
		try {
			Files.writeString(this.dir.resolve("environment"), "");
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Removes the {@code container} variable everywhere: this process's and PID 1's.
	 * @return this fixture
	 */
	HostFixture withoutContainerVariable() {
		try {
			withoutOwnContainerVariable();
			Files.writeString(proc().resolve("1/environ"), "");
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Changes the fixture as a test row says: {@code -/.dockerenv} removes a mark,
	 * {@code +/.dockerenv} adds one, {@code -own-container} and {@code -container} remove
	 * the {@code container} variable.
	 * @param changes the changes, separated by spaces
	 * @return this fixture
	 */
	HostFixture change(String changes) {
		for (String change : changes.trim().split(" +")) {
			if (change.equals("-own-container")) {
				withoutOwnContainerVariable();
			}
			else if (change.equals("-container")) {
				withoutContainerVariable();
			}
			else if (change.startsWith("-/")) {
				removeMarker(change.substring(1));
			}
			else if (change.startsWith("+/")) {
				addMarker(change.substring(1));
			}
			else if (!change.isEmpty()) {
				throw new IllegalArgumentException("Unknown change " + change);
			}
		}
		return this;
	}

	ContainerInfo detect() {
		return new ContainerDetector(root(), new ProcFs(proc()), environment()).detect();
	}

	EnvironmentDetector detector(long pid) {
		return detector(this.dir, pid);
	}

	static EnvironmentDetector detector(Path dir, long pid) {
		return new EnvironmentDetector(dir.resolve("root"), new ProcFs(dir.resolve("proc")), environment(dir),
				() -> pid, false);
	}

	private static Map<String, String> environment(Path dir) {
		try {
			Map<String, String> environment = new LinkedHashMap<>();
			for (String line : Files.readAllLines(dir.resolve("environment"))) {
				int eq = line.indexOf('=');
				if (eq > 0) {
					environment.put(line.substring(0, eq), line.substring(eq + 1));
				}
			}
			return environment;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String resource(String name, String file) throws IOException {
		try (InputStream in = HostFixture.class.getResourceAsStream("fixtures/" + name + "/" + file)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture file fixtures/" + name + "/" + file);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
