package dev.pid1.shutdown;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Constant-rate HTTP load, as a load balancer that keeps routing to the app: one request
 * every period, each on the JDK client's keep-alive pool, none waiting for the previous.
 *
 * @author pid1 authors
 */
final class LoadLoop implements AutoCloseable {

	private final URI uri;

	private final long periodNanos;

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger ok = new AtomicInteger();

	private final AtomicInteger closeHeaders = new AtomicInteger();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private volatile boolean running = true;

	LoadLoop(URI uri, Duration period) {
		this.uri = uri;
		this.periodNanos = period.toNanos();
		this.thread = new Thread(this::run, "load-loop");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		long next = System.nanoTime();
		while (this.running) {
			this.sent.incrementAndGet();
			CompletableFuture<HttpResponse<String>> response = AppUnderTest.client.sendAsync(
					HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			this.pending.add(response.whenComplete((result, failure) -> {
				if (failure != null) {
					this.failures.add(failure.toString());
				}
				else if (result.statusCode() != 200) {
					this.failures.add("HTTP " + result.statusCode());
				}
				else {
					this.ok.incrementAndGet();
					if (result.headers().firstValue("Connection").map("close"::equalsIgnoreCase).orElse(false)) {
						this.closeHeaders.incrementAndGet();
					}
				}
			}));
			next += this.periodNanos;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}
	}

	/**
	 * Stops sending and waits for the answers.
	 * @return this loop
	 */
	LoadLoop stop() {
		this.running = false;
		try {
			this.thread.join(10_000);
			CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new))
				.handle((result, failure) -> null)
				.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return this;
	}

	int sent() {
		return this.sent.get();
	}

	int ok() {
		return this.ok.get();
	}

	int connectionCloseResponses() {
		return this.closeHeaders.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	@Override
	public void close() {
		this.running = false;
	}

}
