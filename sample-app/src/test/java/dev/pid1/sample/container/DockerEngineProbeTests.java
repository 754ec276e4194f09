package dev.pid1.sample.container;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.test.Capability.Missing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hint a machine without a usable Docker engine gets: install one, start it, or
 * nothing (an engine listens).
 */
class DockerEngineProbeTests {

	@TempDir
	Path dir;

	@Test
	void noEngineInstalled() {
		Missing missing = DockerEngineProbe.check(List.of(this.dir.resolve("docker.sock")), "here", false)
			.orElseThrow();
		assertThat(missing.what()).isEqualTo("no Docker engine is installed");
		assertThat(missing.fix()).contains("apt-get install -y docker.io").contains("docker/prepare-machine.sh");
	}

	@Test
	void installedButNotRunning() {
		Missing missing = DockerEngineProbe.check(List.of(this.dir.resolve("docker.sock")), "here", true).orElseThrow();
		assertThat(missing.what()).contains("installed but its engine is not running (no socket at here)");
		assertThat(missing.fix()).contains("systemctl start docker").contains("docker/prepare-machine.sh");
	}

	@Test
	void socketLeftByAnEngineThatStopped() throws Exception {
		Path socket = this.dir.resolve("docker.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
		}
		assertThat(socket).exists();
		Missing missing = DockerEngineProbe.check(List.of(socket), "here", true).orElseThrow();
		assertThat(missing.what()).contains("not running (nothing listens on here)");
	}

	@Test
	void anEngineListens() throws Exception {
		Path socket = this.dir.resolve("docker.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			assertThat(DockerEngineProbe.check(List.of(socket), "here", false)).isEmpty();
		}
	}

}
