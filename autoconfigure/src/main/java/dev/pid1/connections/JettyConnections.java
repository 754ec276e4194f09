package dev.pid1.connections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Jetty's connections, from its connectors' connected end points (through TLS, to the
 * connection on the decrypted end point).
 * <p>
 * The GOAWAY is Jetty's own public {@code Session.shutdown()}: the graceful GOAWAY
 * (last-stream-id 2^31-1) at once, streams in flight still served, and the final GOAWAY
 * from Jetty when the last of them completes, after which Jetty closes the connection. So
 * {@link #finalGoAway} leaves it to Jetty. An HTTP/1.x connection is idle when its
 * channel holds no request ({@code HttpChannel.getRequest()}, public; the connection
 * class itself lives in Jetty's {@code internal} package).
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

	private static boolean isIdle(EndPoint endPoint) {
		return connection(endPoint) instanceof HttpConnection http && http.getHttpChannel().getRequest() == null
				&& http.isRequestBufferEmpty();
	}

	@Override
	public void goAway(EndPoint endPoint) {
		if (connection(endPoint) instanceof HTTP2Connection http2) {
			http2.getSession().shutdown();
		}
	}

	@Override
	public void finalGoAway(EndPoint endPoint) {
		// Jetty sends it when the streams in flight have completed.
	}

	@Override
	public boolean closeIfIdle(EndPoint endPoint) {
		if (!isIdle(endPoint)) {
			return false;
		}
		endPoint.close();
		return true;
	}

	private static Connection connection(EndPoint endPoint) {
		Connection connection = endPoint.getConnection();
		if (connection instanceof SslConnection ssl) {
			return ssl.getSslEndPoint().getConnection();
		}
		return connection;
	}

}
