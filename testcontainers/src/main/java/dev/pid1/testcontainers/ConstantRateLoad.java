package dev.pid1.testcontainers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * GET requests at a constant rate until an end time, at most {@code maxOutstanding} at
 * once (one more counts as failed: the app is not answering), each outcome counted.
 *
 * @author pid1 authors
 */
final class ConstantRateLoad implements TrafficLoad {

	private final HttpClient http;

	private final HttpRequest request;

	private final long end;

	private final int maxOutstanding;

	private final Semaphore outstanding;

	private final ScheduledExecutorService scheduler;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong failedBefore = new AtomicLong();

	private final AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final long terminationStart;

	private ConstantRateLoad(HttpClient http, URI uri, Duration timeout, long terminationStart, long end,
			int maxOutstanding) {
		this.http = http;
		this.terminationStart = terminationStart;
		this.request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
		this.end = end;
		this.maxOutstanding = maxOutstanding;
		this.outstanding = new Semaphore(maxOutstanding);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pid1-kit-load");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Starts sending.
	 * @param http the client
	 * @param uri where to
	 * @param perSecond the rate
	 * @param warmUp how long before the termination begins
	 * @param lag how long after it begins
	 * @param timeout each request's timeout
	 * @param maxOutstanding the most requests outstanding at once
	 * @return the running load
	 */
	static ConstantRateLoad start(HttpClient http, URI uri, int perSecond, Duration warmUp, Duration lag,
			Duration timeout, int maxOutstanding) {
		long begins = System.nanoTime() + warmUp.toNanos();
		ConstantRateLoad load = new ConstantRateLoad(http, uri, timeout, begins, begins + lag.toNanos(),
				maxOutstanding);
		load.scheduler.scheduleAtFixedRate(load::fire, 0, TimeUnit.SECONDS.toNanos(1) / perSecond,
				TimeUnit.NANOSECONDS);
		return load;
	}

	/**
	 * When the termination begins: the end of the warm-up.
	 * @return the {@link System#nanoTime()}
	 */
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
			fail(now, "no answer (" + this.maxOutstanding + " requests outstanding)");
			return;
		}
		this.http.sendAsync(this.request, BodyHandlers.discarding()).whenComplete((response, ex) -> {
			if (ex != null) {
				fail(now, reason(ex));
			}
			else if (response.statusCode() >= 400) {
				fail(now, "HTTP " + response.statusCode());
			}
			// Counted before released: await() reads the counts once all are released.
			this.outstanding.release();
		});
	}

	private void fail(long sentAt, String reason) {
		this.failures.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
		if (sentAt < this.terminationStart) {
			this.failedBefore.incrementAndGet();
		}
		this.firstFailure.accumulateAndGet(sentAt, Math::min);
	}

	static String reason(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		String message = cause.getMessage();
		if (message == null || message.isBlank() || cause instanceof java.net.ConnectException) {
			return cause.getClass().getSimpleName();
		}
		return cause.getClass().getSimpleName() + ": "
				+ ((message.length() > 60) ? message.substring(0, 60) + "..." : message);
	}

	/**
	 * Waits until the schedule has ended and every request has been answered.
	 * @param timeout how long to wait after the schedule's end
	 * @return what happened
	 */
	@Override
	public TerminationReport.Traffic await(Duration timeout) throws InterruptedException {
		this.scheduler.awaitTermination(Math.max(0, this.end - System.nanoTime()) + timeout.toNanos(),
				TimeUnit.NANOSECONDS);
		if (this.outstanding.tryAcquire(this.maxOutstanding, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.outstanding.release(this.maxOutstanding);
		}
		this.scheduler.shutdownNow();
		Map<String, Long> counts = new TreeMap<>();
		this.failures.forEach((reason, count) -> counts.put(reason, count.sum()));
		long failed = counts.values().stream().mapToLong(Long::longValue).sum();
		long first = this.firstFailure.get();
		// Negative when it failed before the termination began.
		@Nullable Duration firstFailure = (first == Long.MAX_VALUE) ? null : Duration.ofNanos(first - this.terminationStart);
		return new TerminationReport.Traffic(this.sent.get(), failed, this.failedBefore.get(), counts, firstFailure);
	}

}
