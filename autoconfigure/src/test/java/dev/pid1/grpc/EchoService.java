package dev.pid1.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A gRPC service without generated code (strings on the wire): a unary call that may take
 * its time ({@code "sleep:<millis>"}), a server-streaming call that sends {@code n}
 * messages 100 ms apart, and a bidirectional one that echoes each message.
 *
 * @author pid1 authors
 */
public class EchoService implements BindableService {

	static final String SERVICE = "test.Echo";

	static final MethodDescriptor<String, String> UNARY = method("Unary", MethodType.UNARY);

	static final MethodDescriptor<String, String> STREAM = method("Stream", MethodType.SERVER_STREAMING);

	static final MethodDescriptor<String, String> CHAT = method("Chat", MethodType.BIDI_STREAMING);

	private static MethodDescriptor<String, String> method(String name, MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(Strings.INSTANCE)
			.setResponseMarshaller(Strings.INSTANCE)
			.build();
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(UNARY, ServerCalls.asyncUnaryCall(EchoService::unary))
			.addMethod(STREAM, ServerCalls.asyncServerStreamingCall(EchoService::stream))
			.addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(EchoService::chat))
			.build();
	}

	private static void unary(String request, StreamObserver<String> response) {
		if (request.startsWith("sleep:")) {
			sleep(Long.parseLong(request.substring(6)));
		}
		response.onNext("echo " + request);
		response.onCompleted();
	}

	private static void stream(String request, StreamObserver<String> response) {
		int count = Integer.parseInt(request);
		for (int i = 0; i < count; i++) {
			response.onNext(Integer.toString(i));
			sleep(100);
		}
		response.onCompleted();
	}

	private static StreamObserver<String> chat(StreamObserver<String> response) {
		return new StreamObserver<>() {

			@Override
			public void onNext(String value) {
				response.onNext("echo " + value);
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				response.onCompleted();
			}

		};
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	enum Strings implements MethodDescriptor.Marshaller<String> {

		INSTANCE;

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
