package dev.pid1.shutdown;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;

/**
 * A small HTTP/2 client for the tests (Netty's frame codec, h2c with prior knowledge or
 * h2 over TLS with ALPN) that records every GOAWAY with the time it arrived.
 *
 * @author pid1 authors
 */
final class H2Client implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final List<GoAway> goAways = new CopyOnWriteArrayList<>();

	private final Map<Http2FrameStream, Exchange> exchanges = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private final String scheme;

	private final String authority;

	private final Handler handler = new Handler();

	private final Channel channel;

	private H2Client(int port, boolean tls) throws Exception {
		this.scheme = tls ? "https" : "http";
		this.authority = "127.0.0.1:" + port;
		SslContext ssl = tls ? SslContextBuilder.forClient()
			.trustManager(InsecureTrustManagerFactory.INSTANCE)
			.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
					ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
					ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
			.build() : null;
		this.channel = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					if (ssl != null) {
						channel.pipeline().addLast(ssl.newHandler(channel.alloc(), "127.0.0.1", port));
					}
					channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), H2Client.this.handler);
				}
			})
			.connect("127.0.0.1", port)
			.sync()
			.channel();
		this.channel.closeFuture().addListener((future) -> this.closed.complete(null));
	}

	static H2Client connect(int port, boolean tls) throws Exception {
		return new H2Client(port, tls);
	}

	/**
	 * Sends a GET on a new stream.
	 * @param path the path
	 * @return the response, once its last frame has come
	 */
	CompletableFuture<Response> get(String path) {
		Exchange exchange = new Exchange();
		this.channel.eventLoop().execute(() -> {
			Http2FrameStream stream = this.handler.newStream();
			this.exchanges.put(stream, exchange);
			Http2Headers headers = new DefaultHttp2Headers().method("GET")
				.path(path)
				.scheme(this.scheme)
				.authority(this.authority);
			this.channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true).stream(stream))
				.addListener((future) -> {
					if (!future.isSuccess()) {
						exchange.response.completeExceptionally(future.cause());
					}
					else {
						exchange.streamId = stream.id();
					}
				});
		});
		return exchange.response;
	}

	List<GoAway> goAways() {
		return List.copyOf(this.goAways);
	}

	boolean awaitClosed(long millis) {
		try {
			this.closed.get(millis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.channel.close();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	/**
	 * A GOAWAY frame as it arrived.
	 *
	 * @param nanos when, from {@link System#nanoTime()}
	 * @param lastStreamId its last-stream-id
	 * @param errorCode its error code
	 */
	record GoAway(long nanos, int lastStreamId, long errorCode) {

	}

	/**
	 * A response.
	 *
	 * @param streamId the stream it came on
	 * @param status its status
	 * @param body its body
	 */
	record Response(int streamId, int status, String body) {

	}

	private static final class Exchange {

		final CompletableFuture<Response> response = new CompletableFuture<>();

		final StringBuilder body = new StringBuilder();

		volatile int streamId;

		int status;

	}

	private final class Handler extends Http2ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			try {
				if (message instanceof Http2GoAwayFrame goAway) {
					H2Client.this.goAways.add(new GoAway(System.nanoTime(), goAway.lastStreamId(), goAway.errorCode()));
				}
				else if (message instanceof Http2StreamFrame frame) {
					onStreamFrame(frame);
				}
			}
			finally {
				ReferenceCountUtil.release(message);
			}
		}

		private void onStreamFrame(Http2StreamFrame frame) {
			Exchange exchange = H2Client.this.exchanges.get(frame.stream());
			if (exchange == null) {
				return;
			}
			if (frame instanceof Http2HeadersFrame headers) {
				CharSequence status = headers.headers().status();
				if (status != null) {
					exchange.status = Integer.parseInt(status.toString());
				}
				if (headers.isEndStream()) {
					complete(frame, exchange);
				}
			}
			else if (frame instanceof Http2DataFrame data) {
				exchange.body.append(data.content().toString(StandardCharsets.UTF_8));
				if (data.isEndStream()) {
					complete(frame, exchange);
				}
			}
			else if (frame instanceof Http2ResetFrame reset) {
				exchange.response
					.completeExceptionally(new IllegalStateException("stream reset, error code " + reset.errorCode()));
			}
		}

		private void complete(Http2StreamFrame frame, Exchange exchange) {
			exchange.response.complete(new Response(frame.stream().id(), exchange.status, exchange.body.toString()));
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			H2Client.this.exchanges.values()
				.forEach((exchange) -> exchange.response
					.completeExceptionally(new IllegalStateException("connection closed")));
			super.channelInactive(context);
		}

	}

}
