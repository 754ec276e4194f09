package dev.pid1.connections;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.channel.ChannelOperations;

import org.jspecify.annotations.Nullable;

/**
 * Reactor Netty's race-free close of an idle HTTP/1.x keep-alive connection.
 * <p>
 * The check and the close run on the channel's event loop, the one thread that reads the
 * connection, so nothing is read between them. A connection is idle when no
 * {@link ChannelOperations} is bound to it (no request in flight), Netty's HTTP decoder
 * holds no part of a next request (its state is between messages and its cumulation
 * buffer is empty: neither is public, both are read reflectively), and the kernel holds
 * no unread byte for it: bytes that arrived after the event loop's last poll are read
 * only at its next one. The kernel's count comes from the JDK's socket adaptor for the
 * NIO transport (FIONREAD, as for Tomcat and Jetty, {@link UnreadBytes}), and from the
 * socket's receive memory ({@code SO_MEMINFO}, through Netty's own
 * {@code Socket.getIntOpt}) for the epoll transport, which has no JDK channel. Where none
 * of this can be read (another transport, a Netty whose fields moved), connections are
 * left to Reactor Netty, as Tomcat's TLS connections are left to Tomcat; TLS connections
 * too (the TLS handler may hold a partial record).
 *
 * @author pid1 authors
 */
final class NettyIdleClose {

	private static final Log logger = LogFactory.getLog(NettyIdleClose.class);

	/** How long the drain waits for the event loop to run the check. */
	private static final Duration HAND_OFF = Duration.ofMillis(500);

	private static final int SOL_SOCKET = 1;

	/** Linux's {@code SO_MEMINFO}: the first value is the receive queue's memory. */
	private static final int SO_MEMINFO = 55;

	private static final Set<String> GENERIC_SOCKET_ABI = Set.of("amd64", "x86_64", "aarch64", "arm64", "riscv64",
			"ppc64le", "s390x");

	private static final @Nullable Field INBOUND = field(CombinedChannelDuplexHandler.class, "inboundHandler");

	private static final @Nullable Field DECODER_STATE = field(HttpObjectDecoder.class, "currentState");

	private static final @Nullable Field CUMULATION = field(ByteToMessageDecoder.class, "cumulation");

	private static final ClassValue<Optional<UnreadReader>> READERS = new ClassValue<>() {

		@Override
		protected Optional<UnreadReader> computeValue(Class<?> type) {
			Optional<UnreadReader> reader = reader(type);
			if (reader.isEmpty()) {
				logger.info("pid1: the kernel's unread bytes of a " + type.getName()
						+ " cannot be read: its idle keep-alive connections are left to Reactor Netty");
			}
			return reader;
		}

	};

	private NettyIdleClose() {
	}

	/**
	 * Closes a connection if it is idle, on its event loop.
	 * @param channel the connection
	 * @return whether it was closed
	 */
	static boolean closeIfIdle(Channel channel) {
		if (!channel.isActive() || ChannelOperations.get(channel) != null
				|| channel.pipeline().get(SslHandler.class) != null) {
			return false;
		}
		EventLoop loop = channel.eventLoop();
		if (loop.inEventLoop()) {
			return closeOnTheLoop(channel);
		}
		try {
			Future<Boolean> close = loop.submit(() -> closeOnTheLoop(channel));
			try {
				return close.get(HAND_OFF.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				// A busy loop: the next sweep asks again.
				return !close.cancel(false) && close.awaitUninterruptibly().isSuccess()
						&& Boolean.TRUE.equals(close.getNow());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return !close.cancel(false) && close.awaitUninterruptibly().isSuccess()
						&& Boolean.TRUE.equals(close.getNow());
			}
		}
		catch (ExecutionException | RuntimeException ex) {
			// A loop that shuts down: Reactor Netty closes its connections.
			return false;
		}
	}

	private static boolean closeOnTheLoop(Channel channel) {
		if (!channel.isActive() || ChannelOperations.get(channel) != null || !isDecoderIdle(channel)
				|| unread(channel) != 0) {
			return false;
		}
		channel.close();
		return true;
	}

	/**
	 * Whether the channel's HTTP/1.x decoder is between messages. Call on the event loop.
	 * @param channel the channel
	 * @return whether it holds no part of a request; {@code false} when it cannot tell
	 */
	static boolean isDecoderIdle(Channel channel) {
		if (INBOUND == null || DECODER_STATE == null || CUMULATION == null) {
			return false;
		}
		try {
			for (Map.Entry<String, ChannelHandler> entry : channel.pipeline()) {
				Object handler = entry.getValue();
				if (handler instanceof CombinedChannelDuplexHandler<?, ?> combined) {
					handler = INBOUND.get(combined);
				}
				if (handler instanceof HttpObjectDecoder decoder) {
					Object state = DECODER_STATE.get(decoder);
					Object cumulation = CUMULATION.get(decoder);
					return state instanceof Enum<?> between && between.name().startsWith("SKIP_")
							&& (!(cumulation instanceof ByteBuf buffer) || !buffer.isReadable());
				}
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			// Cannot tell: leave it.
		}
		return false;
	}

	/**
	 * The bytes the kernel holds for the channel (in the epoll case, a positive number
	 * that is not a byte count), or -1 when it cannot tell.
	 */
	private static int unread(Channel channel) {
		Optional<UnreadReader> reader = READERS.get(channel.getClass());
		if (reader.isEmpty()) {
			return -1;
		}
		try {
			return reader.get().unread(channel);
		}
		catch (IOException | ReflectiveOperationException | RuntimeException ex) {
			return -1;
		}
	}

	private static Optional<UnreadReader> reader(Class<?> type) {
		try {
			if (AbstractNioChannel.class.isAssignableFrom(type)) {
				Method javaChannel = AbstractNioChannel.class.getDeclaredMethod("javaChannel");
				javaChannel.setAccessible(true);
				return Optional.of((channel) -> (javaChannel.invoke(channel) instanceof SocketChannel socket)
						? UnreadBytes.of(socket) : -1);
			}
			String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
			if (type.getName().startsWith("io.netty.channel.epoll.") && GENERIC_SOCKET_ABI.contains(arch)) {
				Method fd = type.getMethod("fd");
				fd.setAccessible(true);
				Class<?> socketType = Class.forName("io.netty.channel.unix.Socket", false, type.getClassLoader());
				Method getIntOpt = socketType.getMethod("getIntOpt", int.class, int.class);
				return Optional.of((channel) -> {
					Object socket = fd.invoke(channel);
					return socketType.isInstance(socket)
							&& getIntOpt.invoke(socket, SOL_SOCKET, SO_MEMINFO) instanceof Integer memory ? memory : -1;
				});
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("pid1: no way to the kernel's unread bytes of a " + type.getName(), ex);
		}
		return Optional.empty();
	}

	private static @Nullable Field field(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("pid1: Netty's " + type.getName() + "." + name + " is not reachable (" + ex
					+ "): idle keep-alive connections are left to Reactor Netty");
			return null;
		}
	}

	@FunctionalInterface
	private interface UnreadReader {

		int unread(Channel channel) throws IOException, ReflectiveOperationException;

	}

}
