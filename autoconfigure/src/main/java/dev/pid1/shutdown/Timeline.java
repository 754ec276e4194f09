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
