package dev.pid1.grpc;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.InternalChannelz;
import io.grpc.InternalChannelz.ServerSocketsList;
import io.grpc.InternalInstrumented;
import io.grpc.InternalWithLogId;
import io.grpc.Server;
import io.grpc.internal.ServerTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The connections of grpc-java servers, found in grpc-java's own registry of them
 * (channelz, where every server registers each connection it accepts), and told to leave
 * through {@link ServerTransport#shutdown()}, the connection's own graceful close.
 * <p>
 * On the Netty transport (grpc-netty, and grpc-netty-shaded alike) that close is the one
 * a maximum connection age triggers: a GOAWAY with the last stream id 2^31-1 and a PING,
 * then, once the client has answered, a GOAWAY with the last stream the client opened,
 * and the close when the calls in flight have completed. The server keeps listening.
 * grpc-java has no public API for this per connection; channelz and the transport
 * interface are public classes marked internal, so a grpc-java that changes them is
 * caught ({@link LinkageError}): pid1 then warns once and leaves the connections to
 * Spring's shutdown, which sends the same GOAWAY when the drain has ended.
 *
 * @author pid1 authors
 */
public final class ChannelzConnections implements GrpcConnections {

	private static final Log logger = LogFactory.getLog(ChannelzConnections.class);

	private static final int PAGE = 1000;

	private final List<Server> servers = new CopyOnWriteArrayList<>();

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Adds a started server; in-process servers have no connections to drain.
	 * @param server the server
	 */
	public void register(Server server) {
		if (listensOnTheNetwork(server) && !this.servers.contains(server)) {
			this.servers.add(server);
		}
	}

	private static boolean listensOnTheNetwork(Server server) {
		try {
			for (SocketAddress address : server.getListenSockets()) {
				if (address instanceof InetSocketAddress) {
					return true;
				}
			}
		}
		catch (RuntimeException ex) {
			// Not started, or shut down already.
		}
		return false;
	}

	@Override
	public boolean serving() {
		for (Server server : this.servers) {
			if (!server.isShutdown()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public List<Object> open() {
		List<Object> open = new ArrayList<>();
		try {
			for (Server server : this.servers) {
				collect(server, open);
			}
		}
		catch (LinkageError | RuntimeException ex) {
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("pid1: the gRPC server's connections cannot be found in grpc-java's channelz registry ("
						+ ex + "): they get no GOAWAY when the drain begins, only from Spring's shutdown at its end");
			}
			return List.of();
		}
		return open;
	}

	private static void collect(Server server, List<Object> open) {
		if (!(server instanceof InternalInstrumented<?> instrumented) || server.isShutdown()) {
			return;
		}
		long serverId = instrumented.getLogId().getId();
		long from = 0;
		while (true) {
			ServerSocketsList page = InternalChannelz.instance().getServerSockets(serverId, from, PAGE);
			if (page == null) {
				return;
			}
			for (InternalWithLogId socket : page.sockets) {
				if (socket instanceof ServerTransport) {
					open.add(socket);
				}
				from = Math.max(from, socket.getLogId().getId() + 1);
			}
			if (page.end || page.sockets.isEmpty()) {
				return;
			}
		}
	}

	@Override
	public void goAway(Object connection) {
		((ServerTransport) connection).shutdown();
	}

}
