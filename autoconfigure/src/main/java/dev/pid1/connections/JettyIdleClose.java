package dev.pid1.connections;

import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;

import org.jspecify.annotations.Nullable;

/**
 * Jetty's race-free close of an idle HTTP/1.x keep-alive connection.
 * <p>
 * A connection is idle when, in this order, the kernel holds no unread byte for it
 * ({@link UnreadBytes}, FIONREAD), Jetty waits for its next read from the selector
 * ({@code EndPoint.isFillInterested()}: no Jetty thread is reading or serving it), its
 * channel holds no request, its parser is at the start of a message (no request half
 * parsed) and its request buffer is empty. The check and the close run as an update of
 * the connection's own {@link ManagedSelector}, which Jetty runs between its selections,
 * never at the same time as it hands a readable connection to a thread: a request that
 * arrived before the check is in the kernel (unread) or already in Jetty's hands (not
 * fill-interested, or parsed); one that arrives after it is not read before the close.
 * What no server can avoid remains: a request sent in the microseconds between the check
 * and the close meets a closed connection, never a half-served one. TLS connections (the
 * TLS layer may hold a partial record where no public method shows it) and other end
 * points are left to {@code Connection: close} and the connectors' close, as Tomcat's
 * are.
 *
 * @author pid1 authors
 */
final class JettyIdleClose {

	/** How long the drain waits for the selector to run the check. */
	private static final Duration HAND_OFF = Duration.ofMillis(500);

	private JettyIdleClose() {
	}

	/**
	 * Closes a connection if it is idle, on its selector.
	 * @param server the server
	 * @param endPoint the connection
	 * @return whether it was closed
	 */
	static boolean closeIfIdle(Server server, EndPoint endPoint) {
		if (!(endPoint instanceof SocketChannelEndPoint socket)
				|| !(endPoint.getConnection() instanceof HttpConnection http) || !isIdle(socket, http)) {
			return false;
		}
		ManagedSelector selector = selector(server, socket);
		if (selector == null) {
			return false;
		}
		Close close = new Close(socket, http);
		selector.submit(close);
		return close.await(HAND_OFF);
	}

	private static boolean isIdle(SocketChannelEndPoint endPoint, HttpConnection connection) {
		if (!endPoint.isOpen()) {
			return false;
		}
		try {
			if (UnreadBytes.of(endPoint.getChannel()) != 0) {
				return false;
			}
		}
		catch (IOException | RuntimeException ex) {
			// Cannot tell (closing under our feet): Jetty handles it.
			return false;
		}
		// After the kernel: a read that emptied it has taken the fill interest first.
		return endPoint.isFillInterested() && connection.getHttpChannel().getRequest() == null
				&& connection.getParser().isStart() && connection.isRequestBufferEmpty();
	}

	private static @Nullable ManagedSelector selector(Server server, SocketChannelEndPoint endPoint) {
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector) {
				SelectorManager manager = serverConnector.getSelectorManager();
				for (ManagedSelector selector : manager.getBeans(ManagedSelector.class)) {
					Selector nio = selector.getSelector();
					if (nio != null && endPoint.getChannel().keyFor(nio) != null) {
						return selector;
					}
				}
			}
		}
		return null;
	}

	/** The check and the close, run by the selector once, unless the drain gave up. */
	private static final class Close implements ManagedSelector.SelectorUpdate {

		private final SocketChannelEndPoint endPoint;

		private final HttpConnection connection;

		private final AtomicBoolean taken = new AtomicBoolean();

		private final CompletableFuture<Boolean> closed = new CompletableFuture<>();

		Close(SocketChannelEndPoint endPoint, HttpConnection connection) {
			this.endPoint = endPoint;
			this.connection = connection;
		}

		@Override
		public void update(Selector selector) {
			if (!this.taken.compareAndSet(false, true)) {
				return;
			}
			boolean idle = false;
			try {
				idle = isIdle(this.endPoint, this.connection);
				if (idle) {
					this.endPoint.close();
				}
			}
			finally {
				this.closed.complete(idle);
			}
		}

		boolean await(Duration timeout) {
			try {
				return this.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (this.taken.compareAndSet(false, true)) {
					// A busy selector: the next sweep asks again.
					return false;
				}
				return this.closed.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return this.taken.compareAndSet(false, true) ? false : this.closed.join();
			}
			catch (ExecutionException ex) {
				return false;
			}
		}

	}

}
