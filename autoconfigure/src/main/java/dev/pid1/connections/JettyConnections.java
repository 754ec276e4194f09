package dev.pid1.connections;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's connections, from its connectors' connected end points (through TLS, to the
 * connection on the decrypted end point).
 * <p>
 * Both GOAWAY frames are written as frames of their own ({@code HTTP2Session.frames},
 * public), leaving Jetty's session open as far as Jetty knows. Jetty's
 * {@code Session.shutdown()} would send the final GOAWAY the moment no stream is open,
 * without the round trip RFC 9113 section 6.8 asks for, and then drop, neither serving
 * nor refusing, the streams the peer sent before it saw the first (behind HAProxy they
 * hung until the connection closed, and the clients got no status). And a session that
 * Jetty itself has closed locally fails every stream still open at its next idle timeout,
 * without asking whether they are busy: Spring's graceful close
 * ({@code Connector.shutdown()}) cuts each connection's idle timeout to at most a second,
 * so a stream that outlasted the drain was reset (RST_STREAM, CANCEL) the moment the
 * close began. An open session asks the server instead, which keeps a connection whose
 * streams are busy. The final GOAWAY carries the last stream id Jetty has seen
 * ({@code HTTP2Session.getLastRemoteStreamId()}, protected, read reflectively). An idle
 * HTTP/1.x connection is closed on its own selector, once neither the kernel nor Jetty
 * holds a byte of a next request ({@link JettyIdleClose}).
 *
 * @author pid1 authors
 */
public class JettyConnections implements ServerConnections<EndPoint> {

	private static final Log logger = LogFactory.getLog(JettyConnections.class);

	private final Supplier<Server> server;

	private final @Nullable Method lastRemoteStreamId;

	/**
	 * Creates the view of a Jetty server's connections.
	 * @param server the server, once the web server has started
	 */
	public JettyConnections(Supplier<Server> server) {
		this.server = server;
		this.lastRemoteStreamId = lastRemoteStreamId();
	}

	private static @Nullable Method lastRemoteStreamId() {
		try {
			Method method = HTTP2Session.class.getDeclaredMethod("getLastRemoteStreamId");
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("pid1: Jetty's HTTP2Session.getLastRemoteStreamId() is not reachable (" + ex
					+ "): HTTP/2 connections get the first GOAWAY at the drain and Jetty's own final one when the "
					+ "connectors close");
			return null;
		}
	}

	@Override
	public Collection<EndPoint> open() {
		Server server = this.server.get();
		if (server == null) {
			return List.of();
		}
		List<EndPoint> open = new ArrayList<>();
		for (Connector connector : server.getConnectors()) {
			for (EndPoint endPoint : connector.getConnectedEndPoints()) {
				if (endPoint.isOpen()) {
					open.add(endPoint);
				}
			}
		}
		return open;
	}

	@Override
	public boolean isHttp2(EndPoint endPoint) {
		return connection(endPoint) instanceof HTTP2Connection;
	}

	@Override
	public void goAway(EndPoint endPoint) {
		if (connection(endPoint) instanceof HTTP2Connection http2) {
			http2.getSession().frames(null, List.of(GoAwayFrame.GRACEFUL), Callback.NOOP);
		}
	}

	@Override
	public boolean finalGoAway(EndPoint endPoint) {
		if (this.lastRemoteStreamId != null && connection(endPoint) instanceof HTTP2Connection http2) {
			HTTP2Session session = http2.getSession();
			int lastStreamId = lastRemoteStreamId(session, this.lastRemoteStreamId);
			GoAwayFrame frame = new GoAwayFrame(lastStreamId, ErrorCode.NO_ERROR.code, null);
			session.frames(null, List.of(frame), Callback.NOOP);
		}
		return true;
	}

	private static int lastRemoteStreamId(HTTP2Session session, Method method) {
		try {
			return (int) method.invoke(session);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Jetty's last remote stream id of " + session, ex);
		}
	}

	@Override
	public boolean closeIfIdle(EndPoint endPoint) {
		Server server = this.server.get();
		return server != null && JettyIdleClose.closeIfIdle(server, endPoint);
	}

	private static Connection connection(EndPoint endPoint) {
		Connection connection = endPoint.getConnection();
		if (connection instanceof SslConnection ssl) {
			return ssl.getSslEndPoint().getConnection();
		}
		return connection;
	}

}
