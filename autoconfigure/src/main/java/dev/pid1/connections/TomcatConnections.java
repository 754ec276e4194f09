package dev.pid1.connections;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.coyote.http11.upgrade.UpgradeProcessorInternal;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

import org.jspecify.annotations.Nullable;

/**
 * Tomcat's connections, reached through its connectors' endpoints.
 * <p>
 * Tomcat sends the graceful GOAWAY itself when a connector pauses, but pausing also stops
 * accepting connections, which the drain must not do. So pid1 pauses each HTTP/2
 * connection alone ({@code InternalHttpUpgradeHandler.pause()}, public, what the
 * connector's own pause calls), and asks Tomcat's handler for the final GOAWAY
 * ({@code Http2UpgradeHandler.checkPauseState()}, which sends it once a round trip has
 * passed). Neither the endpoint ({@code AbstractProtocol.getEndpoint()}, protected) nor
 * that check (package-private) is public API: both are found reflectively at startup, and
 * without them pid1 leaves Tomcat's connections to Tomcat and says so.
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

	/**
	 * Creates the view of a Tomcat's connections.
	 * @param tomcat the Tomcat, once the web server has started
	 */
	public TomcatConnections(Supplier<Tomcat> tomcat) {
		this.tomcat = tomcat;
		this.getEndpoint = method(AbstractProtocol.class.getName(), "getEndpoint");
		this.checkPauseState = method(HTTP2_HANDLER, "checkPauseState");
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
	 * Never: Tomcat takes the processor off the socket while a worker thread serves a
	 * request ({@code takeCurrentProcessor()}) as well as between keep-alive requests, so
	 * no state it exposes tells an idle keep-alive connection from one with a request in
	 * flight, and closing on a guess cut requests in flight (seen in
	 * {@code ShutdownSequenceTests}). Tomcat's HTTP/1.1 connections leave through
	 * {@code Connection: close} on their next response, or at the connectors' close.
	 */
	@Override
	public boolean isIdle(SocketWrapperBase<?> connection) {
		return false;
	}

	@Override
	public void goAway(SocketWrapperBase<?> connection) {
		InternalHttpUpgradeHandler handler = http2(connection);
		if (handler != null) {
			handler.pause();
		}
	}

	@Override
	public void finalGoAway(SocketWrapperBase<?> connection) {
		InternalHttpUpgradeHandler handler = http2(connection);
		if (handler != null && this.checkPauseState != null
				&& this.checkPauseState.getDeclaringClass().isInstance(handler)) {
			invoke(this.checkPauseState, handler);
		}
	}

	@Override
	public void close(SocketWrapperBase<?> connection) {
		connection.close();
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
