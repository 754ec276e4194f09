package dev.pid1.connections;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The bytes the kernel holds for a connection that the server has not read yet: a request
 * that has arrived, whole or in part, and that closing the connection would reset. Read
 * through the JDK's own socket adaptor ({@code available()}: {@code ioctl(FIONREAD)} on
 * Linux), which needs no native access of pid1's and works on any blocking mode.
 *
 * @author pid1 authors
 */
final class UnreadBytes {

	private UnreadBytes() {
	}

	/**
	 * The unread bytes of a connected channel.
	 * @param channel the server's end of the connection
	 * @return how many bytes wait in the kernel's receive queue
	 * @throws IOException when the channel cannot tell (closed, input shut down): the
	 * caller must then not treat the connection as idle
	 */
	static int of(SocketChannel channel) throws IOException {
		return channel.socket().getInputStream().available();
	}

}
