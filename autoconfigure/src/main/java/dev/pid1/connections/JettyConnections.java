package dev.pid1.connections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's connections, from its connectors' connected end points (through TLS, to the
 * connection on the decrypted end point).
 * <p>
 * The first GOAWAY (last-stream-id 2^31-1) is written as a frame of its own
 * ({@code HTTP2Session.frames}, public), leaving Jetty's session open: Jetty's
 * {@code Session.shutdown()} sends the final GOAWAY the moment no stream is open, without
 * the round trip RFC 9113 section 6.8 asks for, and then drops, neither serving nor
 * refusing, the streams the peer sent before it saw the first (behind HAProxy they hung
 * until the connection closed, and the clients got no status). The final GOAWAY is
 * Jetty's {@code shutdown()}, once the delay has passed: a graceful GOAWAY again, then
 * the final one when the streams in flight have completed. An idle HTTP/1.x connection is
 * closed on its own selector, once neither the kernel nor Jetty holds a byte of a next
 * request ({@link JettyIdleClose}).
 *
 * @author pid1 authors
 */
public class JettyConnections implements ServerConnections<EndPoint> {

	private final Supplier<Server> server;

	/**
	 * Creates the view of a Jetty server's connections.
	 * @param server the server, once the web server has started
	 */
	public JettyConnections(Supplier<Server> server) {
		this.server = server;
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
		if (connection(endPoint) instanceof HTTP2Connection http2) {
			http2.getSession().shutdown();
		}
		return true;
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
