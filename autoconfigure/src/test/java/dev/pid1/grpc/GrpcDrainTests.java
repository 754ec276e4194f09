package dev.pid1.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCalls;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pid1.grpc.GrpcDrainNamespaceTests.HealthWatch;
import dev.pid1.grpc.GrpcDrainNamespaceTests.StreamedCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC drain against a real grpc-java server on Netty and a grpc-java client, in
 * process: the channelz lookup of the server's connections, health and GOAWAY when the
 * drain begins while new connections are served, a call in flight completing across the
 * server's graceful shutdown, the calls counted, and the connections opened during the
 * drain told after the delay.
 *
 * @author pid1 authors
 */
class GrpcDrainTests {

	private final List<ManagedChannel> channels = new ArrayList<>();

	private final AtomicLong onCall = new AtomicLong();

	private final GrpcCalls calls = new GrpcCalls(this.onCall::incrementAndGet);

	private final HealthStatusManager health = new HealthStatusManager();

	private final List<String> timeline = new CopyOnWriteArrayList<>();

	private Server server;

	@AfterEach
	void stop() {
		this.channels.forEach(ManagedChannel::shutdownNow);
		if (this.server != null) {
			this.server.shutdownNow();
		}
	}

	@Test
	void channelzFindsTheOpenConnectionsOfANettyServer() throws Exception {
		ChannelzConnections connections = start();
		ManagedChannel first = channel();
		ManagedChannel second = channel();
		echo(first, "a");
		echo(second, "b");
		// A grpc-java whose channelz or transport interface changed fails here, not
		// silently at a user's drain.
		assertThat(connections.open()).hasSize(2);
		assertThat(connections.serving()).isTrue();
	}

	@Test
	void healthNotServingAndGoAwayWhileNewConnectionsAreServedAndTheCallInFlightCompletes() throws Exception {
		ChannelzConnections connections = start();
		GrpcDrain drain = drain(connections, Duration.ofSeconds(1));
		ManagedChannel channel = channel();
		ManagedChannel watchChannel = channel();
		HealthWatch watch = HealthWatch.open(watchChannel);
		StreamedCall stream = StreamedCall.start(channel, 20);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.messages.size() >= 2);
		long start = System.nanoTime();
		drain.drainStarted();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watch.notServingAt() > 0);
		long flipMillis = TimeUnit.NANOSECONDS.toMillis(watch.notServingAt() - start);
		System.out.printf("TEST: gRPC health NOT_SERVING (Watch) %d ms after the drain began%n", flipMillis);
		assertThat(flipMillis).isLessThan(1000);
		Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.until(() -> channel.getState(false) != ConnectivityState.READY);
		ManagedChannel fresh = channel();
		assertThat(echo(fresh, "during")).isEqualTo("echo during");
		assertThat(HealthGrpc.newBlockingStub(fresh).check(HealthCheckRequest.getDefaultInstance()).getStatus())
			.isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(drain.status().connectionsGoneAway()).isEqualTo(2);
		assertThat(drain.status().healthServicesNotServing()).isEqualTo(1);
		drain.drainEnded(Duration.ofSeconds(1), 1);
		// Spring's own shutdown of the server, as GrpcServerLifecycle does it, with the
		// stream in flight (a Watch never ends: its client leaves first).
		watchChannel.shutdownNow();
		assertThat(stream.done).isNotDone();
		this.server.shutdown();
		assertThat(this.server.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		stream.done.get(10, TimeUnit.SECONDS);
		assertThat(stream.messages).hasSize(20);
		assertThat(drain.status().state()).isEqualTo(GrpcDrainState.DRAINED);
		assertThat(this.timeline).anyMatch((line) -> line.contains("graceful GOAWAY on 2 connections"));
	}

	@Test
	void callsCountAsTrafficAndHealthCallsDoNot() throws Exception {
		start();
		ManagedChannel channel = channel();
		for (int i = 0; i < 3; i++) {
			echo(channel, "call" + i);
			HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
		}
		assertThat(this.calls.startedCount()).isEqualTo(3);
		assertThat(this.onCall).hasValue(3);
		Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> this.calls.inFlight() == 0);
	}

	@Test
	void connectionsOpenedDuringTheDrainAreToldOnceTheyHaveLastedTheDelay() {
		FakeConnections connections = new FakeConnections();
		AtomicLong now = new AtomicLong();
		GrpcDrain drain = new GrpcDrain(GrpcHealth.NONE, connections, this.calls, Duration.ofSeconds(1),
				this.timeline::add, now::get);
		Object before = new Object();
		connections.open.add(before);
		drain.drainStarted();
		assertThat(connections.told).containsExactly(before);
		Object during = new Object();
		connections.open.add(during);
		assertThat(drain.sweep()).isZero();
		now.addAndGet(Duration.ofMillis(999).toNanos());
		assertThat(drain.sweep()).isZero();
		now.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(drain.sweep()).isOne();
		assertThat(drain.sweep()).isZero();
		assertThat(connections.told).containsExactly(before, during);
		drain.drainEnded(Duration.ofSeconds(2), 0);
		connections.open.add(new Object());
		now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(drain.sweep()).isZero();
		assertThat(drain.status().connectionsGoneAway()).isEqualTo(2);
	}

	private ChannelzConnections start() throws Exception {
		this.server = NettyServerBuilder.forPort(0)
			.addService(ServerInterceptors.intercept(new EchoService(), new DrainInterceptor(this.calls)))
			.addService(ServerInterceptors.intercept(this.health.getHealthService(), new DrainInterceptor(this.calls)))
			.build()
			.start();
		ChannelzConnections connections = new ChannelzConnections();
		connections.register(this.server);
		return connections;
	}

	private GrpcDrain drain(GrpcConnections connections, Duration delay) {
		return new GrpcDrain(new HealthStatusManagers(() -> List.of(this.health)), connections, this.calls, delay,
				this.timeline::add, System::nanoTime);
	}

	private ManagedChannel channel() {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.server.getPort())
			.usePlaintext()
			.build();
		this.channels.add(channel);
		return channel;
	}

	private static String echo(ManagedChannel channel, String message) {
		return ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT, message);
	}

	static final class FakeConnections implements GrpcConnections {

		final List<Object> open = new ArrayList<>();

		final List<Object> told = new ArrayList<>();

		final AtomicInteger sweeps = new AtomicInteger();

		@Override
		public boolean serving() {
			return true;
		}

		@Override
		public List<Object> open() {
			return List.copyOf(this.open);
		}

		@Override
		public void goAway(Object connection) {
			this.told.add(connection);
		}

	}

}
