package dev.pid1.connections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.http.server.HttpServer;

/**
 * Reactor Netty's connections, collected as they are accepted through
 * {@link HttpServer#doOnChannelInit} (a channel group drops each one as it closes).
 * <p>
 * Reactor Netty's HTTP/2 (h2c and h2) runs on Netty's {@code Http2FrameCodec}, a
 * {@link Http2ConnectionHandler}, whose public {@code goAway} sends both frames on the
 * channel's event loop: last-stream-id 2^31-1 first, then the last stream the peer
 * opened. An idle HTTP/1.x connection is closed on its event loop, once no request is
 * bound to it and neither Netty's decoder nor the kernel holds a byte of a next one
 * ({@link NettyIdleClose}).
 *
 * @author pid1 authors
 */
public class NettyConnections implements ServerConnections<Channel> {

	private final ChannelGroup channels = new DefaultChannelGroup("pid1-connections", GlobalEventExecutor.INSTANCE);

	/**
	 * Makes a server report its accepted connections here.
	 * @param server the server
	 * @return the server that does
	 */
	public HttpServer register(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.parent() instanceof ServerChannel) {
				this.channels.add(channel);
			}
		});
	}

	@Override
	public Collection<Channel> open() {
		List<Channel> open = new ArrayList<>();
		for (Channel channel : this.channels) {
			if (channel.isActive()) {
				open.add(channel);
			}
		}
		return open;
	}

	@Override
	public boolean isHttp2(Channel channel) {
		return channel.pipeline().get(Http2ConnectionHandler.class) != null;
	}

	@Override
	public void goAway(Channel channel) {
		channel.eventLoop().execute(() -> goAway(channel, true));
	}

	@Override
	public boolean finalGoAway(Channel channel) {
		channel.eventLoop().execute(() -> goAway(channel, false));
		return true;
	}

	private static void goAway(Channel channel, boolean graceful) {
		ChannelHandlerContext context = channel.pipeline().context(Http2ConnectionHandler.class);
		if (context == null || !channel.isActive()) {
			return;
		}
		Http2ConnectionHandler handler = (Http2ConnectionHandler) context.handler();
		int lastStreamId = graceful ? Integer.MAX_VALUE : handler.connection().remote().lastStreamCreated();
		handler.goAway(context, lastStreamId, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, context.newPromise());
		context.flush();
	}

	@Override
	public boolean closeIfIdle(Channel channel) {
		return NettyIdleClose.closeIfIdle(channel);
	}

}
