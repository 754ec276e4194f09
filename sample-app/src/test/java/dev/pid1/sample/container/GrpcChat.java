package dev.pid1.sample.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
 * A bidirectional call to the gRPC app's {@code Chat} (each message echoed) kept going
 * across a termination: a message every interval on a thread of its own, then the
 * client's half-close; the outcome is the call's status and how many echoes came back.
 *
 * @author pid1 authors
 */
final class GrpcChat implements AutoCloseable {

	private static final MethodDescriptor<byte[], byte[]> CHAT = GrpcMethods.method("pid1.compat.Orders/Chat",
			MethodType.BIDI_STREAMING);

	private final ManagedChannel channel;

	private final CompletableFuture<String> outcome = new CompletableFuture<>();

	private final AtomicInteger echoes = new AtomicInteger();

	private final int messages;

	private GrpcChat(int port, int messages, Duration every) {
		this.messages = messages;
		this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
		StreamObserver<byte[]> requests = ClientCalls
			.asyncBidiStreamingCall(this.channel.newCall(CHAT, CallOptions.DEFAULT), new StreamObserver<>() {

				@Override
				public void onNext(byte[] value) {
					GrpcChat.this.echoes.incrementAndGet();
				}

				@Override
				public void onError(Throwable error) {
					GrpcChat.this.outcome.complete(Status.fromThrowable(error).getCode().name());
				}

				@Override
				public void onCompleted() {
					GrpcChat.this.outcome.complete("OK");
				}

			});
		Thread sender = new Thread(() -> {
			try {
				for (int i = 1; i <= messages && !this.outcome.isDone(); i++) {
					requests.onNext(("message " + i).getBytes(StandardCharsets.UTF_8));
					Thread.sleep(every.toMillis());
				}
				requests.onCompleted();
			}
			catch (InterruptedException ex) {
				requests.onError(ex);
			}
			catch (RuntimeException ex) {
				// the call has ended: its outcome says how
			}
		}, "grpc-chat");
		sender.setDaemon(true);
		sender.start();
	}

	/**
	 * Starts the call.
	 * @param port the gRPC port
	 * @param messages how many messages to send
	 * @param every how far apart
	 * @return the running call
	 */
	static GrpcChat start(int port, int messages, Duration every) {
		return new GrpcChat(port, messages, every);
	}

	/**
	 * Waits for the call's end.
	 * @param timeout how long at most
	 * @return {@code OK 30 of 30 echoed}, or the status code and the echoes
	 */
	String await(Duration timeout) throws InterruptedException {
		String status;
		try {
			status = this.outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			status = "no outcome within " + timeout;
		}
		return status + " " + this.echoes.get() + " of " + this.messages + " echoed";
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
	}

}
