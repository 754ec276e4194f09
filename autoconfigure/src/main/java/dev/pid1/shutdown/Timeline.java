package dev.pid1.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The shutdown's events with their times since it began. Not thread-safe: the sequence
 * guards it with its lock.
 *
 * @author pid1 authors
 */
final class Timeline {

	private final List<String> lines = new ArrayList<>();

	private long start;

	private boolean started;

	private boolean logged;

	void start(long startNanos) {
		this.start = startNanos;
		this.started = true;
	}

	void add(long nanoTime, String event) {
		long millis = this.started ? TimeUnit.NANOSECONDS.toMillis(nanoTime - this.start) : 0;
		this.lines.add(String.format("+%6d ms  %s", millis, event));
	}

	/**
	 * Adds the line a transition writes, if it writes one.
	 * @param nanoTime when it happened
	 * @param from the phase it left
	 * @param to the phase it entered
	 * @param detail the drain's end or the halt's reason, in words
	 * @param requests the requests served during the drain so far
	 */
	void transition(long nanoTime, ShutdownPhase from, ShutdownPhase to, @Nullable String detail, long requests) {
		switch (to) {
			case DRAINED -> add(nanoTime,
					(from == ShutdownPhase.DRAINING)
							? "drain ends: " + detail + ", " + requests + " requests during the drain"
							: String.valueOf(detail));
			case CLOSING -> add(nanoTime, "graceful close: lifecycles stop, web servers finish in-flight requests");
			case CLOSED -> add(nanoTime, (from == ShutdownPhase.RUNNING) ? "closed before pid1's lifecycle ran"
					: "lifecycles stopped: web servers closed");
			case HALTING -> add(nanoTime, "halt: " + detail);
			default -> {
			}
		}
	}

	List<String> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * The lines, the first time only: the timeline is logged once.
	 * @return the lines, or none after the first call
	 */
	List<String> linesOnce() {
		if (this.logged) {
			return List.of();
		}
		this.logged = true;
		return lines();
	}

	@Nullable String last() {
		if (this.lines.isEmpty()) {
			return null;
		}
		String line = this.lines.get(this.lines.size() - 1);
		return line.substring(line.indexOf("ms  ") + 4);
	}

}
