package dev.pid1.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The connections to a local TCP port that wait for the application, as the kernel of
 * this network namespace counts them in {@code /proc/net/tcp} and {@code tcp6}: those in
 * the listening socket's accept queue (a listening socket's {@code rx_queue}) and the
 * established ones with bytes the application has not read yet (theirs). Work that has
 * reached this machine but not the application: when the CPU is starved, a request waits
 * there long enough to look like the end of the traffic to anyone who only counts the
 * requests the application has seen. Pure Java, reads {@code /proc} only; nothing native.
 *
 * @author pid1 authors
 */
public final class SocketBacklog {

	private static final String LISTEN = "0A";

	private static final String ESTABLISHED = "01";

	private final Path procNet;

	SocketBacklog(Path procNet) {
		this.procNet = procNet;
	}

	/**
	 * The kernel's view of this process' network namespace.
	 * @return the backlog reader
	 */
	public static SocketBacklog system() {
		return new SocketBacklog(Path.of("/proc/self/net"));
	}

	/**
	 * Counts the connections to a local port that wait for the application.
	 * @param port the local port
	 * @return how many wait (queued for accept, or with unread bytes), or empty where the
	 * kernel does not tell (no {@code /proc/net/tcp}: not Linux)
	 */
	public OptionalInt waiting(int port) {
		String local = String.format(Locale.ROOT, ":%04X", port);
		int waiting = 0;
		boolean read = false;
		for (String table : new String[] { "tcp", "tcp6" }) {
			Path file = this.procNet.resolve(table);
			if (!Files.isReadable(file)) {
				continue;
			}
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
				reader.readLine();
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					waiting += waiting(line, local);
				}
				read = true;
			}
			catch (IOException | RuntimeException ex) {
				// A table that cannot be read says nothing; the other may.
			}
		}
		return read ? OptionalInt.of(waiting) : OptionalInt.empty();
	}

	/**
	 * What one line of the table adds: {@code sl local_address rem_address st
	 * tx_queue:rx_queue ...}, addresses and queues in hexadecimal.
	 */
	private static int waiting(String line, String local) {
		String[] fields = line.trim().split("\\s+", 6);
		if (fields.length < 5 || !fields[1].endsWith(local)) {
			return 0;
		}
		int colon = fields[4].indexOf(':');
		long rxQueue = Long.parseLong(fields[4].substring(colon + 1), 16);
		return switch (fields[3]) {
			// A listening socket's rx_queue is the length of its accept queue.
			case LISTEN -> (int) Math.min(rxQueue, Integer.MAX_VALUE);
			case ESTABLISHED -> (rxQueue > 0) ? 1 : 0;
			default -> 0;
		};
	}

}
