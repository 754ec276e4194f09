package dev.pid1.compat.grpc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The order service: a unary call answered after a delay, a long server-streaming call
 * and a bidirectional one. Spring Boot's gRPC server serves every {@link BindableService}
 * bean.
 *
 * @author pid1 authors
 */
@Service
public class OrderGrpcService implements BindableService {

	private final Duration delay;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "orders-timer");
		thread.setDaemon(true);
		return thread;
	});

	OrderGrpcService(@Value("${orders.grpc.delay:0ms}") Duration delay) {
		this.delay = delay;
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(OrderMethods.SERVICE)
			.addMethod(OrderMethods.GET, ServerCalls.asyncUnaryCall(this::get))
			.addMethod(OrderMethods.WATCH, ServerCalls.asyncServerStreamingCall(this::watch))
			.addMethod(OrderMethods.CHAT, ServerCalls.asyncBidiStreamingCall(this::chat))
			.build();
	}

	private void get(String request, StreamObserver<String> response) {
		long millis = request.isBlank() ? this.delay.toMillis() : Long.parseLong(request.strip());
		Runnable answer = () -> {
			response.onNext("order");
			response.onCompleted();
		};
		if (millis <= 0) {
			answer.run();
		}
		else {
			this.timer.schedule(answer, millis, TimeUnit.MILLISECONDS);
		}
	}

	private void watch(String request, StreamObserver<String> response) {
		String[] parts = request.split(",");
		int count;
		long interval;
		try {
			count = Integer.parseInt(parts[0].strip());
			interval = (parts.length > 1) ? Long.parseLong(parts[1].strip()) : 100;
		}
		catch (NumberFormatException ex) {
			response.onError(Status.INVALID_ARGUMENT.withDescription("expected count,intervalMillis: " + request)
				.asRuntimeException());
			return;
		}
		ServerCallStreamObserver<String> stream = (ServerCallStreamObserver<String>) response;
		AtomicInteger sent = new AtomicInteger();
		Runnable[] next = new Runnable[1];
		next[0] = () -> {
			if (stream.isCancelled()) {
				return;
			}
			int n = sent.incrementAndGet();
			stream.onNext("update " + n);
			if (n >= count) {
				stream.onCompleted();
			}
			else {
				this.timer.schedule(next[0], interval, TimeUnit.MILLISECONDS);
			}
		};
		this.timer.schedule(next[0], interval, TimeUnit.MILLISECONDS);
	}

	private StreamObserver<String> chat(StreamObserver<String> response) {
		return new StreamObserver<>() {

			@Override
			public void onNext(String message) {
				response.onNext(message);
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

}
