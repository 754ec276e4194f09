package dev.pid1.grpc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.test.PidNamespace;
import dev.pid1.test.PidNamespace.Namespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot 4.1 gRPC app (gRPC alone, no web server) as PID 1 of a fresh PID
 * namespace, SIGTERM from outside, a grpc-java client: health {@code NOT_SERVING} on a
 * {@code Watch} stream at once, a GOAWAY on the open connection while new connections are
 * accepted and served, a server-streaming call in flight completing across the graceful
 * close, and the calls counted as the drain's traffic, the health calls not.
 *
 * @author pid1 authors
 */
class GrpcDrainNamespaceTests {

	@TempDir
	Path dir;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() {
		this.channels.forEach(ManagedChannel::shutdownNow);
	}

	@Test
	void healthNotServingAndGoAwayWhenTheDrainBeginsWhileNewCallsAreServed() throws Exception {
		int port = freePort();
		try (Namespace app = start(port, "--pid1.shutdown.quiet-period=2s")) {
			ManagedChannel channel = channel(port);
			HealthWatch watch = HealthWatch.open(channel);
			assertThat(ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT, "before"))
				.isEqualTo("echo before");
			StreamedCall stream = StreamedCall.start(channel, 40);
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stream.messages.size() >= 2);
			long sigterm = System.nanoTime();
			app.signalInit("TERM");
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watch.notServingAt() > 0);
			long flipMillis = TimeUnit.NANOSECONDS.toMillis(watch.notServingAt() - sigterm);
			System.out.printf("TEST: gRPC health NOT_SERVING (Watch) %d ms after SIGTERM was sent%n", flipMillis);
			// Measured well under 100 ms; the bound is generous for a shared machine.
			assertThat(flipMillis).isLessThan(1000);
			// The GOAWAY: the client leaves the connection (its channel goes IDLE) while
			// the streaming call goes on over it.
			Awaitility.await()
				.atMost(Duration.ofSeconds(3))
				.until(() -> channel.getState(false) != ConnectivityState.READY);
			assertThat(stream.done).isNotDone();
			// The server still accepts: a new connection, and the old channel's next call
			// on a connection of its own.
			ManagedChannel fresh = channel(port);
			for (int i = 0; i < 3; i++) {
				assertThat(ClientCalls.blockingUnaryCall(fresh, EchoService.UNARY, CallOptions.DEFAULT, "during" + i))
					.isEqualTo("echo during" + i);
			}
			assertThat(ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT, "again"))
				.isEqualTo("echo again");
			HealthCheckResponse check = HealthGrpc.newBlockingStub(fresh)
				.check(HealthCheckRequest.newBuilder().setService("").build());
			assertThat(check.getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
			// The call in flight completes across the drain and Spring's graceful close.
			stream.done.get(30, TimeUnit.SECONDS);
			assertThat(stream.messages).hasSize(40);
			// The Watch stream does not hold Spring's shutdown of the server to its grace
			// period (30 s): the app exits well before pid1's deadline (27 s).
			Integer exit = app.waitFor(15_000);
			assertThat(exit).as(app.output()).isEqualTo(143);
			assertThat(app.output()).doesNotContain("halt:");
			app.output().lines().filter((line) -> line.contains("pid1 shutdown +")).forEach(System.out::println);
			// Four calls during the drain; the health Check and Watch are not counted.
			assertThat(app.output()).contains("gRPC: 4 calls during the drain");
		}
	}

	@Test
	void withPid1GrpcOffHealthIsNotToldBeforeTheServerStops() throws Exception {
		int port = freePort();
		try (Namespace app = start(port, "--pid1.grpc.enabled=false",
				"--spring.grpc.server.shutdown.grace-period=2s")) {
			ManagedChannel channel = channel(port);
			HealthWatch watch = HealthWatch.open(channel);
			assertThat(ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, CallOptions.DEFAULT, "before"))
				.isEqualTo("echo before");
			app.signalInit("TERM");
			Integer exit = app.waitFor(30_000);
			assertThat(exit).as(app.output()).isEqualTo(143);
			assertThat(watch.notServingAt()).as("a NOT_SERVING on the Watch stream").isZero();
		}
	}

	private Namespace start(int port, String... properties) throws IOException {
		List<String> args = new ArrayList<>(
				List.of("--spring.grpc.server.port=" + port, "--spring.grpc.server.address=127.0.0.1",
						"--spring.main.web-application-type=none", "--spring.main.banner-mode=off"));
		args.addAll(List.of(properties));
		Namespace app = PidNamespace
			.start(PidNamespace.java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"),
					GrpcApp.class.getName(), args.toArray(String[]::new)), this.dir.resolve("app.log"));
		assertThat(app.awaitOutput("Started GrpcApp", 90_000)).as(app.output()).isTrue();
		return app;
	}

	private ManagedChannel channel(int port) {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		this.channels.add(channel);
		return channel;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A {@code Watch} of the server's health ({@code ""}), recording when it is told
	 * {@code NOT_SERVING}.
	 */
	static final class HealthWatch implements StreamObserver<HealthCheckResponse> {

		private final List<ServingStatus> statuses = new CopyOnWriteArrayList<>();

		private volatile long notServingAt;

		static HealthWatch open(ManagedChannel channel) {
			HealthWatch watch = new HealthWatch();
			HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(), watch);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watch.statuses.contains(ServingStatus.SERVING));
			return watch;
		}

		@Override
		public void onNext(HealthCheckResponse value) {
			if (value.getStatus() == ServingStatus.NOT_SERVING && this.notServingAt == 0) {
				this.notServingAt = System.nanoTime();
			}
			this.statuses.add(value.getStatus());
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onCompleted() {
		}

		long notServingAt() {
			return this.notServingAt;
		}

	}

	/** A server-streaming call of {@code n} messages, 100 ms apart. */
	static final class StreamedCall implements StreamObserver<String> {

		final List<String> messages = new CopyOnWriteArrayList<>();

		final CompletableFuture<Void> done = new CompletableFuture<>();

		static StreamedCall start(ManagedChannel channel, int count) {
			StreamedCall call = new StreamedCall();
			ClientCalls.asyncServerStreamingCall(channel.newCall(EchoService.STREAM, CallOptions.DEFAULT),
					Integer.toString(count), call);
			return call;
		}

		@Override
		public void onNext(String value) {
			this.messages.add(value);
		}

		@Override
		public void onError(Throwable error) {
			this.done.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
			this.done.complete(null);
		}

	}

}
