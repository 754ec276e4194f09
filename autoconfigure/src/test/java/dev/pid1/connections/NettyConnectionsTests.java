package dev.pid1.connections;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.pid1.connections.IdleCloseRace.Client;
import dev.pid1.connections.IdleCloseRace.Outcome;
import dev.pid1.connections.IdleCloseRace.Race;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty's idle keep-alive close, in-process: a real Reactor Netty HTTP/1.1 server
 * (its default transport: epoll on Linux) on 127.0.0.1, raw sockets as clients, the
 * connection drain sweeping it. An idle connection from before the drain is closed while
 * the server still serves; a request Netty has half decoded, one the kernel holds while
 * the event loop is busy, and requests sent just as the sweep runs are never cut. Each
 * has its negative control: the rule pid1 used before.
 *
 * @author pid1 authors
 */
class NettyConnectionsTests {

	private final Set<String> served = ConcurrentHashMap.newKeySet();

	private final NettyConnections connections = new NettyConnections();

	private DisposableServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow(Duration.ofSeconds(10));
		}
	}

	@Test
	void anIdleKeepAliveFromBeforeTheDrainIsClosedWhileTheServerStillServes() throws Exception {
		start();
		try (Client idle = new Client(this.server.port())) {
			assertThat(idle.get("/hello?id=before").status()).isEqualTo(200);
			ConnectionDrain drain = IdleCloseRace.drain(this.connections, Duration.ofMillis(10));
			drain.drainStarted();
			try {
				assertThat(idle.awaitClosedByServer(Duration.ofSeconds(10))).as("closed by the server").isTrue();
				try (Client late = new Client(this.server.port())) {
					assertThat(late.get("/hello?id=late").status()).isEqualTo(200);
				}
			}
			finally {
				drain.drainEnded(Duration.ZERO, 0);
			}
		}
	}

	@Test
	void aRequestNettyHasHalfDecodedIsNotCut() throws Exception {
		assertThat(halfDecodedDuringSweeps(this.connections).status()).isEqualTo(200);
	}

	@Test
	void theOldRuleCutsARequestNettyHasHalfDecoded() throws Exception {
		// Negative control of the test above.
		assertThat(halfDecodedDuringSweeps(new OldRule(this.connections)).status()).as("no response: cut")
			.isEqualTo(Outcome.NO_RESPONSE);
	}

	private Outcome halfDecodedDuringSweeps(ServerConnections<Channel> rule) throws Exception {
		start();
		try (Client client = new Client(this.server.port())) {
			assertThat(client.get("/hello?id=1").status()).isEqualTo(200);
			String request = Client.request("/hello?id=half");
			int split = request.indexOf("Host:") + 3;
			client.write(request.substring(0, split));
			Channel channel = channel(client.localPort());
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> !channel.eventLoop().submit(() -> NettyIdleClose.isDecoderIdle(channel)).get());
			IdleCloseRace.sweeps(rule, 20);
			// What the sweeps handed to the event loop has run (the old rule's close does
			// not wait for it).
			channel.eventLoop().submit(() -> null).get(10, TimeUnit.SECONDS);
			return finish(client, request.substring(split));
		}
	}

	@Test
	void aRequestTheKernelHoldsWhileTheEventLoopIsBusyIsNotCut() throws Exception {
		assertThat(heldByTheKernelDuringSweeps(this.connections).status()).isEqualTo(200);
	}

	@Test
	void theOldRuleCutsARequestTheKernelHolds() throws Exception {
		// Negative control of the test above.
		assertThat(heldByTheKernelDuringSweeps(new OldRule(this.connections)).status()).as("no response: cut")
			.isEqualTo(Outcome.NO_RESPONSE);
	}

	private Outcome heldByTheKernelDuringSweeps(ServerConnections<Channel> rule) throws Exception {
		start();
		try (Client client = new Client(this.server.port())) {
			assertThat(client.get("/hello?id=1").status()).isEqualTo(200);
			// The channel's event loop is busy with another task: the next request stays
			// in the kernel, and the channel looks idle. The sweep's work on the loop
			// comes right after that task, before the loop polls again.
			Channel channel = channel(client.localPort());
			CountDownLatch busy = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			channel.eventLoop().execute(() -> {
				busy.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
			client.send("/hello?id=held");
			CompletableFuture.runAsync(release::countDown,
					CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
			IdleCloseRace.sweeps(rule, 1);
			return client.read();
		}
	}

	@Test
	void aConnectionWhoseUnreadBytesCannotBeReadIsLeftOpen() {
		// A transport without a JDK channel or a Linux socket (here Netty's embedded
		// one):
		// idle by every other measure, but the kernel's side is unknown.
		EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec());
		assertThat(NettyIdleClose.isDecoderIdle(channel)).isTrue();
		assertThat(this.connections.closeIfIdle(channel)).isFalse();
		assertThat(channel.isOpen()).isTrue();
		channel.finishAndReleaseAll();
	}

	@Test
	void requestsSentJustAsTheSweepRunsAreAnsweredOrFindTheConnectionAlreadyClosed() throws Exception {
		start();
		Race race = IdleCloseRace.run(this.connections, NettyConnectionsTests::remotePort, this.server.port(),
				this.served, Integer.getInteger("pid1.test.race-rounds", 60), 8);
		System.out.println("TEST: Reactor Netty (" + transport() + ") idle close race: " + race);
		assertThat(race.cut().size()).as("cut: %s", race).isZero();
		// The race was run: some requests were answered, some connections closed first.
		assertThat(race.answered()).isPositive();
		assertThat(race.closedFirst()).isPositive();
	}

	@Test
	void theOldRuleCutsRequestsSentAsTheSweepRuns() throws Exception {
		// Negative control of the race.
		start();
		Race race = IdleCloseRace.run(new OldRule(this.connections), NettyConnectionsTests::remotePort,
				this.server.port(), this.served, 20, 8);
		System.out.println("TEST: Reactor Netty (" + transport() + ") old rule, race: " + race);
		assertThat(race.cut()).isNotEmpty();
	}

	private String transport() throws IOException {
		try (Client probe = new Client(this.server.port())) {
			assertThat(probe.get("/hello?id=probe").status()).isEqualTo(200);
			return channel(probe.localPort()).getClass().getSimpleName();
		}
	}

	private static Outcome finish(Client client, String rest) {
		try {
			client.write(rest);
		}
		catch (IOException ex) {
			return new Outcome(Outcome.NO_RESPONSE, ex.toString());
		}
		return client.read();
	}

	private Channel channel(int clientPort) {
		return this.connections.open()
			.stream()
			.filter((channel) -> remotePort(channel) == clientPort)
			.findFirst()
			.orElseThrow();
	}

	private static int remotePort(Channel channel) {
		return ((InetSocketAddress) channel.remoteAddress()).getPort();
	}

	private void start() {
		this.server = this.connections.register(HttpServer.create().host("127.0.0.1").port(0))
			.handle((request, response) -> {
				QueryStringDecoder uri = new QueryStringDecoder(request.uri());
				this.served.add(uri.parameters().getOrDefault("id", List.of("")).get(0));
				Mono<Void> work = uri.path().equals("/sleep")
						? Mono.delay(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000))).then()
						: Mono.empty();
				return work.then(response.header("Content-Length", "5").sendString(Mono.just("hello")).then());
			})
			.bindNow(Duration.ofSeconds(10));
	}

	/** What pid1 did first: any HTTP/1 connection without a request bound. */
	private static final class OldRule extends IdleCloseRace.Delegate<Channel> {

		OldRule(ServerConnections<Channel> delegate) {
			super(delegate);
		}

		@Override
		public boolean closeIfIdle(Channel channel) {
			if (ChannelOperations.get(channel) != null) {
				return false;
			}
			channel.eventLoop().execute(() -> {
				if (ChannelOperations.get(channel) == null) {
					channel.close();
				}
			});
			return true;
		}

	}

}
