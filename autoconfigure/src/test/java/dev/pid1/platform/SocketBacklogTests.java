package dev.pid1.platform;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketBacklog}: the table's format on fixed text, then the kernel's
 * own accounting on real sockets.
 *
 * @author pid1 authors
 */
class SocketBacklogTests {

	private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

	@TempDir
	Path dir;

	@Test
	void countsTheAcceptQueueAndTheEstablishedConnectionsWithUnreadBytesOnThePort() throws Exception {
		// Port 8080 is 1F90: a listener with 3 queued, two established with unread
		// bytes and one without, one other port, one connection closing.
		Files.writeString(this.dir.resolve("tcp"), HEADER
				+ "   0: 00000000:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
				+ "   1: 0100007F:1F90 0100007F:D2A4 01 00000000:000000A0 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1\n"
				+ "   2: 0100007F:1F90 0100007F:D2A6 01 00000000:00000001 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1\n"
				+ "   3: 0100007F:1F90 0100007F:D2A8 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0 20 4 30 10 -1\n"
				+ "   4: 0100007F:1F91 0100007F:D2AA 01 00000000:00000010 00:00000000 00000000     0        0 5 1 0 20 4 30 10 -1\n"
				+ "   5: 0100007F:1F90 0100007F:D2AC 08 00000000:00000010 00:00000000 00000000     0        0 6 1 0 20 4 30 10 -1\n");
		Files.writeString(this.dir.resolve("tcp6"), HEADER
				+ "   0: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:D2B0 01 00000000:00000005 00:00000000 00000000     0        0 7 1 0 20 4 30 10 -1\n");
		assertThat(new SocketBacklog(this.dir).waiting(8080)).hasValue(6);
		assertThat(new SocketBacklog(this.dir).waiting(8081)).hasValue(1);
		assertThat(new SocketBacklog(this.dir).waiting(9090)).hasValue(0);
	}

	@Test
	void withoutTheKernelsTablesItDoesNotKnow() {
		assertThat(new SocketBacklog(this.dir).waiting(8080)).isEmpty();
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theKernelCountsWhatTheApplicationHasNotTakenYet() throws Exception {
		SocketBacklog backlog = SocketBacklog.system();
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = server.getLocalPort();
			assertThat(backlog.waiting(port)).hasValue(0);
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					Socket client = new Socket();
					client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
					clients.add(client);
				}
				// Connected, not accepted: in the accept queue.
				awaitWaiting(backlog, port, 3);
				try (Socket accepted = server.accept()) {
					awaitWaiting(backlog, port, 2);
					OutputStream out = clients.get(0).getOutputStream();
					out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					// Accepted, a request not read yet.
					awaitWaiting(backlog, port, 3);
					InputStream in = accepted.getInputStream();
					in.readNBytes(18);
					awaitWaiting(backlog, port, 2);
				}
			}
			finally {
				for (Socket client : clients) {
					client.close();
				}
			}
		}
	}

	private static void awaitWaiting(SocketBacklog backlog, int port, int expected) {
		await().atMost(Duration.ofSeconds(5)).until(() -> backlog.waiting(port).equals(OptionalInt.of(expected)));
	}

}
