package dev.pid1.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports of the host for containers on the host's network. A port is free when it is
 * handed out, and is not handed out again in this JVM until its container has stopped:
 * containers started in parallel never get the same port. What another process binds
 * meanwhile the container's start finds out ({@link #taken}), and {@link Pid1Container}
 * starts it again on other ports.
 *
 * @author pid1 authors
 */
final class HostPorts {

	/** How many free ports to try before giving up on one no container holds. */
	private static final int ATTEMPTS = 1000;

	private static final Set<Integer> held = ConcurrentHashMap.newKeySet();

	private HostPorts() {
	}

	/**
	 * A port free on the host now that no other container of this JVM holds; held until
	 * {@link #release released}.
	 * @return the port
	 */
	static int reserve() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = free();
			if (held.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port of the host that another container of this JVM does not hold"
				+ " (" + held.size() + " held)");
	}

	static void release(int port) {
		held.remove(port);
	}

	static Set<Integer> held() {
		return Set.copyOf(held);
	}

	/**
	 * Whether a Spring Boot app's log says it could not bind one of its ports: the web
	 * server's failure ({@code Port N was already in use}, in any console format), or the
	 * socket's.
	 * @param logs the container's log
	 * @param ports the ports it was given
	 * @return whether a port was taken
	 */
	static boolean taken(String logs, Collection<Integer> ports) {
		if (logs.contains("Address already in use")) {
			return true;
		}
		return ports.stream()
			.anyMatch((port) -> logs.contains("Port " + port + " was already in use")
					|| logs.contains("Port " + port + " is already in use"));
	}

	private static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
