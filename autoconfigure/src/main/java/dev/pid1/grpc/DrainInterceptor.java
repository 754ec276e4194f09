package dev.pid1.grpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Counts the gRPC calls as the drain's traffic, from their start to their end (complete
 * or cancelled). Calls to the standard health service, to reflection and to channelz are
 * probes and tools, not traffic: a probe every half second would otherwise hold the drain
 * to its maximum.
 *
 * @author pid1 authors
 */
public final class DrainInterceptor implements ServerInterceptor {

	/** The services whose calls are not traffic. */
	static final Set<String> NOT_TRAFFIC = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
			"grpc.reflection.v1alpha.ServerReflection", "grpc.channelz.v1.Channelz");

	private static final String HEALTH_WATCH = "grpc.health.v1.Health/Watch";

	private final GrpcCalls calls;

	private final Set<ServerCall<?, ?>> healthWatches = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the interceptor.
	 * @param calls where the calls are counted
	 */
	public DrainInterceptor(GrpcCalls calls) {
		this.calls = calls;
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String service = call.getMethodDescriptor().getServiceName();
		if (HEALTH_WATCH.equals(call.getMethodDescriptor().getFullMethodName())) {
			return watch(call, headers, next);
		}
		if (service == null || NOT_TRAFFIC.contains(service)) {
			return next.startCall(call, headers);
		}
		this.calls.started();
		AtomicBoolean ended = new AtomicBoolean();
		Runnable end = () -> {
			if (ended.compareAndSet(false, true)) {
				this.calls.ended();
			}
		};
		ServerCall.Listener<Q> listener;
		try {
			listener = next.startCall(call, headers);
		}
		catch (RuntimeException | Error ex) {
			end.run();
			throw ex;
		}
		return onEnd(listener, end);
	}

	/**
	 * Ends the health {@code Watch} streams: they never end on their own, and Spring's
	 * shutdown of the server would wait for them until its grace period. Their clients
	 * have been told {@code NOT_SERVING}; they now get {@code UNAVAILABLE}, as from a
	 * server that has gone.
	 * @return how many were ended
	 */
	public int endHealthWatches() {
		int ended = 0;
		for (ServerCall<?, ?> call : this.healthWatches) {
			this.healthWatches.remove(call);
			try {
				call.close(Status.UNAVAILABLE.withDescription("server shutting down"), new Metadata());
				ended++;
			}
			catch (RuntimeException ex) {
				// Ended in the meantime.
			}
		}
		return ended;
	}

	private <Q, R> ServerCall.Listener<Q> watch(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
		this.healthWatches.add(call);
		try {
			return onEnd(next.startCall(call, headers), () -> this.healthWatches.remove(call));
		}
		catch (RuntimeException | Error ex) {
			this.healthWatches.remove(call);
			throw ex;
		}
	}

	private static <Q> ServerCall.Listener<Q> onEnd(ServerCall.Listener<Q> listener, Runnable end) {
		return new SimpleForwardingServerCallListener<>(listener) {

			@Override
			public void onComplete() {
				try {
					super.onComplete();
				}
				finally {
					end.run();
				}
			}

			@Override
			public void onCancel() {
				try {
					super.onCancel();
				}
				finally {
					end.run();
				}
			}

		};
	}

}
