package dev.pid1.sample.container;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * The standard {@code grpc.health.v1.Health} service from the outside, as the kubelet's
 * {@code grpc} probe and a health-checking client see it: {@code Check} and {@code Watch}
 * for the server ({@code ""}), the messages encoded by hand (field 1, the service name;
 * field 1, the status enum) so the test needs no generated code.
 *
 * @author pid1 authors
 */
final class GrpcHealthProbe implements AutoCloseable {

	private static final MethodDescriptor<byte[], byte[]> CHECK = method("Check", MethodType.UNARY);

	private static final MethodDescriptor<byte[], byte[]> WATCH = method("Watch", MethodType.SERVER_STREAMING);

	private static final String[] STATUSES = { "UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" };

	private final ManagedChannel channel;

	GrpcHealthProbe(int port) {
		this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
	}

	/**
	 * One {@code Check} of the server's status, with a 1 s timeout as the kubelet's
	 * default.
	 * @return {@code SERVING}, {@code NOT_SERVING}..., or the call's status code when it
	 * failed ({@code UNAVAILABLE}: nothing answers)
	 */
	String check() {
		try {
			byte[] response = ClientCalls.blockingUnaryCall(this.channel, CHECK,
					CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS), new byte[0]);
			return status(response);
		}
		catch (RuntimeException ex) {
			return Status.fromThrowable(ex).getCode().name();
		}
	}

	/**
	 * Starts a {@code Watch} of the server's status; each status it is told is recorded
	 * with its {@link System#nanoTime()}, and its end as the call's status code.
	 * @return the statuses told, as they come
	 */
	List<Seen> watch() {
		List<Seen> seen = new CopyOnWriteArrayList<>();
		ClientCalls.asyncServerStreamingCall(this.channel.newCall(WATCH, CallOptions.DEFAULT), new byte[0],
				new StreamObserver<>() {

					@Override
					public void onNext(byte[] value) {
						seen.add(new Seen(System.nanoTime(), status(value)));
					}

					@Override
					public void onError(Throwable error) {
						seen.add(new Seen(System.nanoTime(), "ended " + Status.fromThrowable(error).getCode()));
					}

					@Override
					public void onCompleted() {
						seen.add(new Seen(System.nanoTime(), "ended OK"));
					}

				});
		return seen;
	}

	private static String status(byte[] response) {
		// HealthCheckResponse { ServingStatus status = 1; }: tag 0x08 then the enum; an
		// empty message is UNKNOWN, the enum's default.
		int value = (response.length >= 2 && response[0] == 0x08) ? response[1] : 0;
		return (value >= 0 && value < STATUSES.length) ? STATUSES[value] : "status " + value;
	}

	private static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
		return GrpcMethods.method("grpc.health.v1.Health/" + name, type);
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
	}

	/**
	 * A status seen at a time.
	 *
	 * @param nanos its {@link System#nanoTime()}
	 * @param status what was seen
	 */
	record Seen(long nanos, String status) {

	}

}
