package dev.pid1.compat.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

/**
 * The order service's methods, described by hand with a UTF-8 text marshaller (no
 * generated code, no protoc in the build): any grpc-java client that builds the same
 * descriptors can call them.
 *
 * @author pid1 authors
 */
public final class OrderMethods {

	/** The service's full name. */
	public static final String SERVICE = "pid1.compat.Orders";

	/** A text message as UTF-8 bytes. */
	public static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {

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

	};

	/** Unary: the request is the delay in milliseconds (empty for the configured one). */
	public static final MethodDescriptor<String, String> GET = method("Get", MethodType.UNARY);

	/** Server-streaming: the request is {@code count,intervalMillis}. */
	public static final MethodDescriptor<String, String> WATCH = method("Watch", MethodType.SERVER_STREAMING);

	/** Bidirectional: each message is answered with the same text. */
	public static final MethodDescriptor<String, String> CHAT = method("Chat", MethodType.BIDI_STREAMING);

	private OrderMethods() {
	}

	private static MethodDescriptor<String, String> method(String name, MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
			.setRequestMarshaller(TEXT)
			.setResponseMarshaller(TEXT)
			.build();
	}

}
