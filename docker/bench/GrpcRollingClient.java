import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.CallOptions;
import io.grpc.EquivalentAddressGroup;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * The client of docker/bench/grpc-rolling.sh: for each target, unary calls to pid1.compat.Orders/Get at a constant
 * rate and STREAMS server-streaming calls to Orders/Watch kept running (each 100 updates 100 ms apart, a new one
 * when one ends); every call counted by status code, every stream by how it ended. A target is either
 * "endpoints:///FILE", a grpc-java channel with round_robin over the addresses listed in FILE (host:port a line,
 * re-read every 200 ms, as a Kubernetes endpoints watch), or "host:port" (one address, HAProxy's frontend).
 *
 *   java -cp GRPC_JARS GrpcRollingClient RATE SECONDS STREAMS label=target...
 */
public class GrpcRollingClient {

	static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	};

	static final MethodDescriptor<String, String> GET = method("Get", MethodDescriptor.MethodType.UNARY);

	static final MethodDescriptor<String, String> WATCH = method("Watch", MethodDescriptor.MethodType.SERVER_STREAMING);

	/** Calls sent in the first seconds warm the replicas and the proxy: counted apart. */
	static final long WARM_UP_SECONDS = 5;

	public static void main(String[] args) throws Exception {
		int rate = Integer.parseInt(args[0]);
		long seconds = Long.parseLong(args[1]);
		int streams = Integer.parseInt(args[2]);
		NameResolverRegistry.getDefaultRegistry().register(new EndpointsResolverProvider());
		List<Load> loads = new ArrayList<>();
		for (int i = 3; i < args.length; i++) {
			String[] pair = args[i].split("=", 2);
			loads.add(new Load(pair[0], pair[1], rate, streams));
		}
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
		loads.forEach((load) -> load.start(counted, end));
		Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 15_000);
		for (Load load : loads) {
			System.out.println(load.summary());
		}
		System.exit(0);
	}

	static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
		return MethodDescriptor.<String, String>newBuilder()
			.setType(type)
			.setFullMethodName("pid1.compat.Orders/" + name)
			.setRequestMarshaller(TEXT)
			.setResponseMarshaller(TEXT)
			.build();
	}

	static final class Load {

		final String label;

		final ManagedChannel channel;

		final int rate;

		final int streams;

		final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

		final Map<String, LongAdder> streamEnds = new ConcurrentHashMap<>();

		final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		volatile long end;

		volatile long counted;

		final Map<String, LongAdder> warmUp = new ConcurrentHashMap<>();

		Load(String label, String target, int rate, int streams) {
			this.label = label;
			this.rate = rate;
			this.streams = streams;
			this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
				.defaultLoadBalancingPolicy("round_robin")
				.build();
		}

		void start(long counted, long end) {
			this.counted = counted;
			this.end = end;
			this.scheduler.scheduleAtFixedRate(this::fire, 0, TimeUnit.SECONDS.toNanos(1) / this.rate,
					TimeUnit.NANOSECONDS);
			for (int i = 0; i < this.streams; i++) {
				// Staggered, so streams are always in flight across each replacement.
				this.scheduler.schedule(this::stream, i * 2500L, TimeUnit.MILLISECONDS);
			}
		}

		void fire() {
			long now = System.nanoTime();
			if (now >= this.end) {
				this.scheduler.shutdown();
				return;
			}
			Map<String, LongAdder> counts = (now < this.counted) ? this.warmUp : this.calls;
			ClientCalls.asyncUnaryCall(
					this.channel.newCall(GET, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)), "",
					new StreamObserver<>() {
						public void onNext(String value) {
						}

						public void onError(Throwable error) {
							count(counts, Status.fromThrowable(error).getCode().name());
						}

						public void onCompleted() {
							count(counts, "OK");
						}
					});
		}

		void stream() {
			if (System.nanoTime() >= this.end) {
				return;
			}
			LongAdder messages = new LongAdder();
			ClientCalls.asyncServerStreamingCall(this.channel.newCall(WATCH, CallOptions.DEFAULT), "100,100",
					new StreamObserver<>() {
						public void onNext(String value) {
							messages.increment();
						}

						public void onError(Throwable error) {
							count(Load.this.streamEnds, Status.fromThrowable(error).getCode().name());
							again();
						}

						public void onCompleted() {
							count(Load.this.streamEnds, (messages.sum() == 100) ? "OK" : "OK_SHORT");
							again();
						}
					});
		}

		void again() {
			if (!this.scheduler.isShutdown()) {
				try {
					this.scheduler.execute(this::stream);
				}
				catch (RuntimeException ex) {
					// the schedule has ended
				}
			}
		}

		static void count(Map<String, LongAdder> counts, String key) {
			counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
		}

		String summary() {
			Map<String, Long> calls = new TreeMap<>();
			this.calls.forEach((k, v) -> calls.put(k, v.sum()));
			Map<String, Long> streams = new TreeMap<>();
			this.streamEnds.forEach((k, v) -> streams.put(k, v.sum()));
			long total = calls.values().stream().mapToLong(Long::longValue).sum();
			long failed = total - calls.getOrDefault("OK", 0L);
			long streamsTotal = streams.values().stream().mapToLong(Long::longValue).sum();
			Map<String, Long> warmUp = new TreeMap<>();
			this.warmUp.forEach((k, v) -> warmUp.put(k, v.sum()));
			return String.format(
					"RESULT %s calls=%d failed=%d byStatus=%s streams=%d streamsOk=%d streamEnds=%s warmUp=%s",
					this.label, total, failed, calls, streamsTotal, streams.getOrDefault("OK", 0L), streams, warmUp);
		}

	}

	/** endpoints:///FILE: the addresses in FILE, re-read every 200 ms. */
	static final class EndpointsResolverProvider extends NameResolverProvider {

		protected boolean isAvailable() {
			return true;
		}

		protected int priority() {
			return 1;
		}

		public String getDefaultScheme() {
			return "endpoints";
		}

		public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
			return List.of(InetSocketAddress.class);
		}

		public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
			if (!"endpoints".equals(uri.getScheme())) {
				return null;
			}
			Path file = Path.of(uri.getPath());
			return new NameResolver() {
				ScheduledExecutorService poller;

				String last = "";

				public String getServiceAuthority() {
					return "orders";
				}

				public void start(Listener2 listener) {
					this.poller = Executors.newSingleThreadScheduledExecutor();
					this.poller.scheduleWithFixedDelay(() -> resolve(listener, false), 0, 200, TimeUnit.MILLISECONDS);
				}

				synchronized void resolve(Listener2 listener, boolean always) {
					try {
						String text = Files.readString(file).strip();
						if (!always && text.equals(this.last)) {
							return;
						}
						this.last = text;
						List<EquivalentAddressGroup> groups = new ArrayList<>();
						for (String line : text.split("\\s+")) {
							if (!line.isBlank()) {
								String[] hostPort = line.split(":");
								groups.add(new EquivalentAddressGroup(
										new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]))));
							}
						}
						listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
					}
					catch (IOException ex) {
						listener.onError(Status.UNAVAILABLE.withDescription(ex.toString()));
					}
				}

				public void refresh() {
				}

				public void shutdown() {
					if (this.poller != null) {
						this.poller.shutdownNow();
					}
				}
			};
		}

	}

}
