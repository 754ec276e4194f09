package dev.pid1.sample.container;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pid1.test.Capability;
import dev.pid1.test.Capability.Missing;

/**
 * Whether a Docker engine listens, decided before Testcontainers is asked: Testcontainers
 * logs an ERROR ("Could not find a valid Docker environment") when there is none, which
 * reads as a failure next to a test that was merely skipped. The probe connects to the
 * engine's Unix socket, and names the fix: install an engine, start it, or get access to
 * its socket.
 *
 * @author pid1 authors
 */
final class DockerEngineProbe {

	private static final String DEFAULT_SOCKET = "/var/run/docker.sock";

	private DockerEngineProbe() {
	}

	/**
	 * Why no engine can answer here, with the fix, or empty when one may (a socket
	 * accepts connections, or the engine is not on a local socket: Testcontainers
	 * decides).
	 * @return what is missing and its fix
	 */
	static Optional<Missing> missing() {
		String dockerHost = System.getenv("DOCKER_HOST");
		if (dockerHost != null && !dockerHost.isBlank()) {
			if (!dockerHost.startsWith("unix://")) {
				return Optional.empty();
			}
			Path socket = Path.of(dockerHost.substring("unix://".length()));
			return check(List.of(socket), "DOCKER_HOST=" + dockerHost);
		}
		if (Files.isRegularFile(Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
			// docker.host may be configured there: Testcontainers knows best.
			return Optional.empty();
		}
		Stream<Path> rootless = Stream
			.of(Optional.ofNullable(System.getenv("XDG_RUNTIME_DIR")).map((dir) -> dir + "/docker.sock"),
					Optional.of(System.getProperty("user.home") + "/.docker/run/docker.sock"))
			.flatMap(Optional::stream)
			.map(Path::of);
		return check(Stream.concat(Stream.of(Path.of(DEFAULT_SOCKET)), rootless).toList(), DEFAULT_SOCKET);
	}

	private static Optional<Missing> check(List<Path> sockets, String where) {
		return check(sockets, where, installed());
	}

	static Optional<Missing> check(List<Path> sockets, String where, boolean installed) {
		List<Path> present = sockets.stream().filter(Files::exists).toList();
		for (Path socket : present) {
			try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				channel.connect(UnixDomainSocketAddress.of(socket));
				return Optional.empty();
			}
			catch (IOException ex) {
				if (String.valueOf(ex.getMessage()).contains("Permission denied")) {
					return Optional.of(new Missing("no access to the Docker engine's socket " + socket,
							"Let this user use it: sudo usermod -aG docker " + System.getProperty("user.name")
									+ ", then log in again"));
				}
				// nothing listens: a socket left by an engine that stopped
			}
		}
		if (!installed) {
			return Optional.of(new Missing("no Docker engine is installed",
					"Install one and prepare this machine: " + Capability.asRoot("apt-get install -y docker.io")
							+ " && " + Capability.asRoot("docker/prepare-machine.sh")));
		}
		String state = present.isEmpty() ? "no socket at " + where : "nothing listens on " + where;
		return Optional.of(new Missing("Docker is installed but its engine is not running (" + state + ")",
				"Start it: " + Capability.asRoot("systemctl start docker") + ", or where systemd does not run "
						+ Capability.asRoot("docker/prepare-machine.sh")
						+ " (starts dockerd and builds the base image)"));
	}

	private static boolean installed() {
		Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
		return Stream.concat(path, Stream.of("/usr/bin", "/usr/sbin", "/usr/local/bin"))
			.filter((dir) -> !dir.isEmpty())
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, "dockerd")));
	}

}
