package dev.pid1.testcontainers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * Unary gRPC calls at a constant rate until an end time on one channel, at most
 * {@code maxOutstanding} at once (one more counts as failed), each counted by its status
 * code; and a server-streaming call in flight. The only class of the kit that refers to
 * grpc-java, loaded only for {@link GrpcTraffic}.
 *
 * @author pid1 authors
 */
final class GrpcLoad implements TrafficLoad {

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	private final ManagedChannel channel;

	private final GrpcTraffic traffic;

	private final MethodDescriptor<byte[], byte[]> unary;

	private final long terminationStart;

	private final long end;

	private final Semaphore outstanding;

	private final ScheduledExecutorService scheduler;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong failedBefore = new AtomicLong();

	private final AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);

	private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();

	private final @Nullable CompletableFuture<GrpcCalls.StreamOutcome> stream;

	private GrpcLoad(GrpcTraffic traffic, long terminationStart, long end) {
		this.traffic = traffic;
		this.channel = Grpc
			.newChannelBuilderForAddress("127.0.0.1", traffic.port(), InsecureChannelCredentials.create())
			.build();
		this.unary = method(traffic.unaryMethod(), MethodType.UNARY);
		this.terminationStart = terminationStart;
		this.end = end;
		this.outstanding = new Semaphore(traffic.maxOutstanding());
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pid1-kit-grpc-load");
			thread.setDaemon(true);
			return thread;
		});
		this.stream = (traffic.streamMethod() != null) ? stream(traffic.streamMethod(), traffic.streamRequest()) : null;
	}

	/**
	 * Calls once (so the channel is connected and the method known to work), starts the
	 * stream and, after {@code settle}, the calls at the traffic's rate.
	 * @param traffic the traffic
	 * @param settle how long the stream is given to reach the app
	 * @param warmUp how long before the termination begins
	 * @param lag how long after it begins
	 * @return the running load
	 * @throws InterruptedException when interrupted
	 */
	static TrafficLoad start(GrpcTraffic traffic, Duration settle, Duration warmUp, Duration lag)
			throws InterruptedException {
		GrpcLoad load = prepare(traffic, settle, warmUp, lag);
		load.scheduler.scheduleAtFixedRate(load::fire, 0, TimeUnit.SECONDS.toNanos(1) / traffic.rate(),
				TimeUnit.NANOSECONDS);
		return load;
	}

	private static GrpcLoad prepare(GrpcTraffic traffic, Duration settle, Duration warmUp, Duration lag)
			throws InterruptedException {
		ManagedChannel probe = Grpc
			.newChannelBuilderForAddress("127.0.0.1", traffic.port(), InsecureChannelCredentials.create())
			.build();
		try {
			ClientCalls.blockingUnaryCall(probe, method(traffic.unaryMethod(), MethodType.UNARY),
					CallOptions.DEFAULT.withDeadlineAfter(traffic.deadline().toMillis(), TimeUnit.MILLISECONDS),
					traffic.unaryRequest());
		}
		catch (RuntimeException ex) {
			// The load counts what fails.
		}
		finally {
			probe.shutdownNow();
		}
		long settled = System.nanoTime() + ((traffic.streamMethod() != null) ? settle.toNanos() : 0);
		long begins = settled + warmUp.toNanos();
		GrpcLoad load = new GrpcLoad(traffic, begins, begins + lag.toNanos());
		Endpoints.sleepUntil(settled);
		return load;
	}

	@Override
	public long terminationStart() {
		return this.terminationStart;
	}

	private void fire() {
		long now = System.nanoTime();
		if (now >= this.end) {
			this.scheduler.shutdown();
			return;
		}
		this.sent.incrementAndGet();
		if (!this.outstanding.tryAcquire()) {
			count(now, "NO_ANSWER (" + this.traffic.maxOutstanding() + " calls outstanding)");
			return;
		}
		CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(this.traffic.deadline().toMillis(),
				TimeUnit.MILLISECONDS);
		ClientCalls.asyncUnaryCall(this.channel.newCall(this.unary, options), this.traffic.unaryRequest(),
				new StreamObserver<>() {

					@Override
					public void onNext(byte[] value) {
					}

					@Override
					public void onError(Throwable error) {
						count(now, Status.fromThrowable(error).getCode().name());
						GrpcLoad.this.outstanding.release();
					}

					@Override
					public void onCompleted() {
						count(now, "OK");
						GrpcLoad.this.outstanding.release();
					}

				});
	}

	private void count(long sentAt, String status) {
		this.byStatus.computeIfAbsent(status, (key) -> new LongAdder()).increment();
		if (!status.equals("OK")) {
			if (sentAt < this.terminationStart) {
				this.failedBefore.incrementAndGet();
			}
			this.firstFailure.accumulateAndGet(sentAt, Math::min);
		}
	}

	private CompletableFuture<GrpcCalls.StreamOutcome> stream(String name, byte[] request) {
		CompletableFuture<GrpcCalls.StreamOutcome> outcome = new CompletableFuture<>();
		long start = System.nanoTime();
		LongAdder messages = new LongAdder();
		ClientCalls.asyncServerStreamingCall(
				this.channel.newCall(method(name, MethodType.SERVER_STREAMING), CallOptions.DEFAULT), request,
				new StreamObserver<>() {

					@Override
					public void onNext(byte[] value) {
						messages.increment();
					}

					@Override
					public void onError(Throwable error) {
						Status status = Status.fromThrowable(error);
						outcome.complete(new GrpcCalls.StreamOutcome(status.getCode().name(), status.getDescription(),
								messages.sum(), Duration.ofNanos(System.nanoTime() - start)));
					}

					@Override
					public void onCompleted() {
						outcome.complete(new GrpcCalls.StreamOutcome("OK", null, messages.sum(),
								Duration.ofNanos(System.nanoTime() - start)));
					}

				});
		return outcome;
	}

	@Override
	public TerminationReport.Traffic await(Duration timeout) throws InterruptedException {
		this.scheduler.awaitTermination(Math.max(0, this.end - System.nanoTime()) + timeout.toNanos(),
				TimeUnit.NANOSECONDS);
		int max = this.traffic.maxOutstanding();
		if (this.outstanding.tryAcquire(max, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.outstanding.release(max);
		}
		this.scheduler.shutdownNow();
		Map<String, Long> failures = new TreeMap<>();
		byStatus().forEach((status, count) -> {
			if (!status.equals("OK")) {
				failures.put(status, count);
			}
		});
		long failed = failures.values().stream().mapToLong(Long::longValue).sum();
		long first = this.firstFailure.get();
		@Nullable Duration firstFailure = (first == Long.MAX_VALUE) ? null : Duration.ofNanos(first - this.terminationStart);
		return new TerminationReport.Traffic(this.sent.get(), failed, this.failedBefore.get(), failures, firstFailure);
	}

	@Override
	public GrpcCalls grpcCalls(Duration timeout) throws InterruptedException {
		GrpcCalls.@Nullable StreamOutcome outcome = null;
		if (this.stream != null) {
			try {
				outcome = this.stream.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				outcome = new GrpcCalls.StreamOutcome("NO_OUTCOME", "none within " + timeout, 0, timeout);
			}
		}
		this.channel.shutdownNow();
		return new GrpcCalls(byStatus(), outcome);
	}

	private Map<String, Long> byStatus() {
		Map<String, Long> counts = new TreeMap<>();
		this.byStatus.forEach((status, count) -> counts.put(status, count.sum()));
		return counts;
	}

	/**
	 * A method of raw messages: the bytes the caller serialized, so that no generated
	 * code is needed.
	 * @param fullName the method's full name ({@code service/method})
	 * @param type the kind of call
	 * @return the method
	 */
	static MethodDescriptor<byte[], byte[]> method(String fullName, MethodType type) {
		return MethodDescriptor.<byte[], byte[]>newBuilder()
			.setType(type)
			.setFullMethodName(fullName)
			.setRequestMarshaller(BYTES)
			.setResponseMarshaller(BYTES)
			.build();
	}

}
