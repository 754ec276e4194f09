package dev.pid1.testcontainers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * gRPC traffic during a termination, in place of HTTP requests: unary calls at a constant
 * rate on one channel (one HTTP/2 connection, as a client behind a Kubernetes Service
 * holds it) and, optionally, a long server-streaming call started before the termination
 * begins. Methods are named in full ({@code package.Service/Method}) and messages given
 * as their serialized bytes (a protobuf message's {@code toByteArray()}): the kit needs
 * no generated code. Needs grpc-api, grpc-stub and a transport (grpc-netty-shaded or
 * grpc-netty) on the test class path. Immutable: each {@code with}-style method returns a
 * copy.
 *
 * @param port the port the test reaches the app's gRPC server on (for a container port,
 * its mapped port)
 * @param unaryMethod the unary method's full name
 * @param unaryRequest its request message, serialized
 * @param rate calls per second
 * @param streamMethod a server-streaming method called before the termination begins,
 * {@code null} for none
 * @param streamRequest its request message, serialized
 * @param deadline each unary call's deadline (a stream has none: it may take as long as
 * the app lets it)
 * @param maxOutstanding the most calls outstanding at once; one more counts as failed
 * @author pid1 authors
 */
public record GrpcTraffic(int port, String unaryMethod, byte[] unaryRequest, int rate, @Nullable String streamMethod,
		byte[] streamRequest, Duration deadline, int maxOutstanding) {

	/**
	 * Unary calls, 50 a second, each with a 30 s deadline (CI machines are shared: a
	 * deadline exceeded should mean the app is gone, not busy).
	 * @param port the port the test reaches the gRPC server on
	 * @param fullMethodName such as {@code orders.Orders/Get}
	 * @param request the request message, serialized
	 * @return the traffic
	 */
	public static GrpcTraffic unary(int port, String fullMethodName, byte[] request) {
		if (!fullMethodName.contains("/")) {
			throw new IllegalArgumentException("A full method name is service/method: " + fullMethodName);
		}
		return new GrpcTraffic(port, fullMethodName, request.clone(), 50, null, new byte[0], Duration.ofSeconds(30),
				256);
	}

	/**
	 * Unary calls with a UTF-8 text message (for services with a text marshaller).
	 * @param port the port the test reaches the gRPC server on
	 * @param fullMethodName such as {@code orders.Orders/Get}
	 * @param request the request text
	 * @return the traffic
	 */
	public static GrpcTraffic unary(int port, String fullMethodName, String request) {
		return unary(port, fullMethodName, request.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The rate of unary calls.
	 * @param perSecond calls per second
	 * @return a copy
	 */
	public GrpcTraffic rate(int perSecond) {
		if (perSecond <= 0) {
			throw new IllegalArgumentException("The rate must be positive: " + perSecond);
		}
		return new GrpcTraffic(this.port, this.unaryMethod, this.unaryRequest, perSecond, this.streamMethod,
				this.streamRequest, this.deadline, this.maxOutstanding);
	}

	/**
	 * A server-streaming call started before the termination: it should complete with
	 * {@code OK}, every message received.
	 * @param fullMethodName the server-streaming method
	 * @param request its request message, serialized
	 * @return a copy
	 */
	public GrpcTraffic inFlightStream(String fullMethodName, byte[] request) {
		return new GrpcTraffic(this.port, this.unaryMethod, this.unaryRequest, this.rate, fullMethodName,
				request.clone(), this.deadline, this.maxOutstanding);
	}

	/**
	 * A server-streaming call with a UTF-8 text message.
	 * @param fullMethodName the server-streaming method
	 * @param request the request text
	 * @return a copy
	 */
	public GrpcTraffic inFlightStream(String fullMethodName, String request) {
		return inFlightStream(fullMethodName, request.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Each unary call's deadline.
	 * @param deadline the deadline
	 * @return a copy
	 */
	public GrpcTraffic deadline(Duration deadline) {
		return new GrpcTraffic(this.port, this.unaryMethod, this.unaryRequest, this.rate, this.streamMethod,
				this.streamRequest, deadline, this.maxOutstanding);
	}

	@Override
	public String toString() {
		return "gRPC " + this.unaryMethod + " at " + this.rate + "/s on port " + this.port
				+ ((this.streamMethod != null) ? ", stream " + this.streamMethod + " in flight" : "");
	}

}
