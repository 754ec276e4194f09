package dev.pid1.connections;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

import org.jspecify.annotations.Nullable;

/**
 * Tomcat's connections, reached through its connectors' endpoints.
 * <p>
 * Tomcat sends the graceful GOAWAY itself when a connector pauses, but pausing also stops
 * accepting connections, which the drain must not do. So pid1 pauses each HTTP/2
 * connection alone ({@code InternalHttpUpgradeHandler.pause()}, public, what the
 * connector's own pause calls), and asks Tomcat's handler for the final GOAWAY
 * ({@code Http2UpgradeHandler.checkPauseState()}, which sends it once a round trip and
 * the protocol's {@code drainTimeout} have passed: pid1 sets that to the final GOAWAY's
 * delay, {@link #serveStreamsUntilTheFinalGoAway}). Neither the endpoint
 * ({@code AbstractProtocol.getEndpoint()}, protected) nor that check (package-private) is
 * public API: both are found reflectively at startup, and without them pid1 leaves
 * Tomcat's connections to Tomcat and says so; nor is the handler's state, read to know
 * whether the final GOAWAY has gone out (without it, each connection is asked once). Idle
 * HTTP/1.1 keep-alive connections are closed only when Tomcat is not serving them and no
 * byte of a next request has arrived ({@link #closeIfIdle}).
 *
 * @author pid1 authors
 */
public class TomcatConnections implements ServerConnections<SocketWrapperBase<?>> {

	private static final Log logger = LogFactory.getLog(TomcatConnections.class);

	/** Tomcat's HTTP/2 connection, not public, the only internal upgrade it ships. */
	private static final String HTTP2_HANDLER = "org.apache.coyote.http2.Http2UpgradeHandler";

	private final Supplier<Tomcat> tomcat;

	private final @Nullable Method getEndpoint;

	private final @Nullable Method checkPauseState;

	private final @Nullable Field connectionState;

	/**
	 * Creates the view of a Tomcat's connections.
	 * @param tomcat the Tomcat, once the web server has started
	 */
	public TomcatConnections(Supplier<Tomcat> tomcat) {
		this.tomcat = tomcat;
		this.getEndpoint = method(AbstractProtocol.class.getName(), "getEndpoint");
		this.checkPauseState = method(HTTP2_HANDLER, "checkPauseState");
		this.connectionState = field(HTTP2_HANDLER, "connectionState");
	}

	private static @Nullable Field field(String typeName, String name) {
		try {
			Field field = Class.forName(typeName, false, TomcatConnections.class.getClassLoader())
				.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("pid1: Tomcat's " + typeName + "." + name + " is not reachable (" + ex
					+ "): each connection is asked for its final GOAWAY once");
			return null;
		}
	}

	private static @Nullable Method method(String typeName, String name) {
		try {
			Class<?> type = Class.forName(typeName, false, TomcatConnections.class.getClassLoader());
			Method method = type.getDeclaredMethod(name);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("pid1: Tomcat's " + typeName + "." + name + "() is not reachable (" + ex
					+ "): HTTP/2 connections get Tomcat's own GOAWAY when the connectors close, not at the drain");
			return null;
		}
	}

	/**
	 * Makes a connector's HTTP/2 connections serve the streams that cross the first
	 * GOAWAY until the final one. A paused Tomcat HTTP/2 connection takes new streams
	 * only for a round trip plus its {@code drainTimeout} (0 by default) after the first
	 * GOAWAY; the first stream after that makes it send the final GOAWAY and is dropped
	 * unanswered. A peer that wrote the stream before it read the first GOAWAY loses it:
	 * HAProxy at 1000 requests/s did, a stream or two in a rolling update. With the
	 * {@code drainTimeout} at least the final GOAWAY's delay, Tomcat's final GOAWAY comes
	 * when pid1 asks for it, and the connectors' own pause at the graceful close gives
	 * the connections opened late in the drain the same delay. A longer
	 * {@code drainTimeout} is left as it is. Nothing changes when the drain sends no
	 * GOAWAY.
	 * @param connector the connector, before it starts (each connection takes the value
	 * when it opens)
	 * @param settings the drain's settings
	 */
	public static void serveStreamsUntilTheFinalGoAway(Connector connector, ConnectionDrainSettings settings) {
		if (!settings.goAway()) {
			return;
		}
		long delay = settings.finalGoAwayDelay().toNanos();
		for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
			if (protocol instanceof Http2Protocol http2) {
				try {
					if (http2.getDrainTimeout() < delay) {
						http2.setDrainTimeout(delay);
					}
				}
				catch (NoSuchMethodError ex) {
					// Tomcat before 11.0.19 has no drainTimeout: a round trip it is.
					logger.info("pid1: this Tomcat has no HTTP/2 drainTimeout (11.0.19 and later have): a stream that "
							+ "crosses the first GOAWAY by more than a round trip is dropped");
					return;
				}
			}
		}
	}

	@Override
	public Collection<SocketWrapperBase<?>> open() {
		Tomcat tomcat = this.tomcat.get();
		if (tomcat == null || this.getEndpoint == null) {
			return List.of();
		}
		List<SocketWrapperBase<?>> open = new ArrayList<>();
		for (Connector connector : tomcat.getService().findConnectors()) {
			ProtocolHandler handler = connector.getProtocolHandler();
			if (handler instanceof AbstractProtocol<?> protocol
					&& invoke(this.getEndpoint, protocol) instanceof AbstractEndpoint<?, ?> endpoint) {
				for (SocketWrapperBase<?> wrapper : endpoint.getConnections()) {
					if (!wrapper.isClosed()) {
						open.add(wrapper);
					}
				}
			}
		}
		return open;
	}

	@Override
	public boolean isHttp2(SocketWrapperBase<?> connection) {
		return http2(connection) != null;
	}

	/**
	 * Closes a plain (not TLS) NIO connection only when, under the connection's own lock
	 * (the one Tomcat's {@code SocketProcessorBase} holds while a worker thread serves
	 * it), it has no processor (none suspended on a partial request, async, upgrade or
	 * sendfile), is registered with the poller for its next read, and has no byte of a
	 * next request read, neither in Tomcat's read buffer nor in the kernel's receive
	 * queue ({@code available()}, FIONREAD). A worker serving a request holds the lock; a
	 * request that arrived but waits for a worker (the poller has dispatched it, the
	 * processor is not attached yet) is in the kernel's queue. The processor alone says
	 * nothing: Tomcat takes it off the socket while a worker serves a request as well as
	 * between keep-alive requests. Left to {@code Connection: close} on their next
	 * response, or to the connectors' close: TLS connections (the TLS channel may hold a
	 * partial record of the next request where no public method shows it) and the other
	 * endpoints. What no server can avoid remains: a request the client sends in the
	 * microseconds between the check and the close meets a closed connection, which is
	 * why the close happens while the app still accepts new ones.
	 */
	@Override
	public boolean closeIfIdle(SocketWrapperBase<?> connection) {
		if (!(connection instanceof NioSocketWrapper nio) || nio.getSocket() instanceof SecureNioChannel) {
			return false;
		}
		Lock lock = nio.getLock();
		if (!lock.tryLock()) {
			// A worker thread is serving it.
			return false;
		}
		try {
			if (!isIdle(nio)) {
				return false;
			}
			nio.close();
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	private static boolean isIdle(NioSocketWrapper connection) {
		if (connection.isClosed() || connection.getCurrentProcessor() != null
				|| !connection.interestOpsHas(SelectionKey.OP_READ)
				|| !connection.getSocketBufferHandler().isReadBufferEmpty()) {
			return false;
		}
		SocketChannel channel = connection.getSocket().getIOChannel();
		try {
			return channel != null && channel.keyFor(connection.getPoller().getSelector()) != null
					&& UnreadBytes.of(channel) == 0;
		}
		catch (IOException | RuntimeException ex) {
			// Closing under our feet: Tomcat handles it.
			return false;
		}
	}

	@Override
	public void goAway(SocketWrapperBase<?> connection) {
		InternalHttpUpgradeHandler handler = http2(connection);
		if (handler != null) {
			handler.pause();
		}
	}

	@Override
	public boolean finalGoAway(SocketWrapperBase<?> connection) {
		InternalHttpUpgradeHandler handler = http2(connection);
		if (handler != null && this.checkPauseState != null
				&& this.checkPauseState.getDeclaringClass().isInstance(handler)) {
			invoke(this.checkPauseState, handler);
			return !pausing(handler);
		}
		return true;
	}

	/**
	 * Whether the connection still waits for its final GOAWAY: Tomcat sends it only once
	 * its measured round trip and the {@code drainTimeout} have passed since the first,
	 * and pid1's call may come a moment before (a round trip on a cold JVM, or over TLS,
	 * can be tens of milliseconds), so it is asked again at the next sweep.
	 */
	private boolean pausing(InternalHttpUpgradeHandler handler) {
		try {
			return this.connectionState != null && this.connectionState.get(handler) instanceof AtomicReference<?> state
					&& String.valueOf(state.get()).equals("PAUSING");
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return false;
		}
	}

	private static @Nullable InternalHttpUpgradeHandler http2(SocketWrapperBase<?> connection) {
		if (connection.getCurrentProcessor() instanceof UpgradeProcessorInternal processor
				&& processor.getUpgradeToken().getHttpUpgradeHandler() instanceof InternalHttpUpgradeHandler handler) {
			return handler;
		}
		return null;
	}

	private static Object invoke(Method method, Object target) {
		try {
			return method.invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Tomcat's " + method + " failed", ex);
		}
	}

}
