package dev.pid1.testcontainers;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GrpcLoad} against an in-process grpc-java server on a real port.
 *
 * @author pid1 authors
 */
class GrpcLoadTests {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private Server server;

	@AfterEach
	void stop() {
		this.timer.shutdownNow();
		if (this.server != null) {
			this.server.shutdownNow();
		}
	}

	@Test
	void countsEveryCallByStatusCodeAndTheStreamInFlight() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		int port = serve(calls);
		GrpcTraffic traffic = GrpcTraffic.unary(port, "test.Orders/Get", "x")
			.rate(100)
			.inFlightStream("test.Orders/Watch", "5");

		TrafficLoad load = GrpcLoad.start(traffic, Duration.ofMillis(100), Duration.ofMillis(200),
				Duration.ofMillis(800));
		TerminationReport.Traffic outcome = load.await(Duration.ofSeconds(10));
		GrpcCalls grpc = load.grpcCalls(Duration.ofSeconds(10));

		assertThat(outcome.sent()).isBetween(90L, 110L);
		assertThat(grpc.byStatus()).containsOnlyKeys("OK", "UNAVAILABLE");
		assertThat(grpc.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(outcome.sent());
		assertThat(outcome.failures()).containsOnlyKeys("UNAVAILABLE");
		assertThat(outcome.failed()).isEqualTo(grpc.byStatus().get("UNAVAILABLE")).isPositive();
		assertThat(grpc.stream()).isNotNull();
		assertThat(grpc.stream().completed()).isTrue();
		assertThat(grpc.stream().messages()).isEqualTo(5);
	}

	@Test
	void aStreamCutByTheServerIsNotCompleted() throws Exception {
		int port = serve(new AtomicInteger());
		GrpcTraffic traffic = GrpcTraffic.unary(port, "test.Orders/Get", "x")
			.rate(50)
			.inFlightStream("test.Orders/Watch", "1000");

		TrafficLoad load = GrpcLoad.start(traffic, Duration.ofMillis(100), Duration.ofMillis(100),
				Duration.ofMillis(400));
		Thread.sleep(300);
		this.server.shutdownNow();
		TerminationReport.Traffic outcome = load.await(Duration.ofSeconds(10));
		GrpcCalls grpc = load.grpcCalls(Duration.ofSeconds(10));

		assertThat(grpc.stream().completed()).isFalse();
		assertThat(grpc.stream().status()).isIn("UNAVAILABLE", "CANCELLED", "INTERNAL");
		assertThat(outcome.failures()).containsKey("UNAVAILABLE");
	}

	/**
	 * Serves {@code Get}, which fails every fourth call with {@code UNAVAILABLE}, and
	 * {@code Watch}, which sends as many messages as its request says, one each 20 ms.
	 */
	private int serve(AtomicInteger calls) throws IOException {
		MethodDescriptor<byte[], byte[]> get = GrpcLoad.method("test.Orders/Get", MethodType.UNARY);
		MethodDescriptor<byte[], byte[]> watch = GrpcLoad.method("test.Orders/Watch", MethodType.SERVER_STREAMING);
		ServerServiceDefinition service = ServerServiceDefinition.builder("test.Orders")
			.addMethod(get, ServerCalls.asyncUnaryCall((request, response) -> {
				if (calls.incrementAndGet() % 4 == 0) {
					response.onError(Status.UNAVAILABLE.asRuntimeException());
				}
				else {
					response.onNext(new byte[] { 1 });
					response.onCompleted();
				}
			}))
			.addMethod(watch, ServerCalls.asyncServerStreamingCall((request, response) -> {
				int count = Integer.parseInt(new String(request));
				for (int i = 1; i <= count; i++) {
					boolean last = i == count;
					this.timer.schedule(() -> {
						response.onNext(new byte[] { 2 });
						if (last) {
							response.onCompleted();
						}
					}, 20L * i, TimeUnit.MILLISECONDS);
				}
			}))
			.build();
		this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
			.addService(service)
			.build()
			.start();
		return this.server.getPort();
	}

}
