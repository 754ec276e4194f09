package dev.pid1.shutdown;

import java.util.Comparator;
import java.util.Map;

/**
 * A thread dump as text, for the log before a halt.
 *
 * @author pid1 authors
 */
final class ThreadDump {

	private ThreadDump() {
	}

	static String of(Map<Thread, StackTraceElement[]> threads) {
		StringBuilder dump = new StringBuilder();
		threads.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> entry) -> entry.getKey().getName()))
			.forEach((entry) -> {
				Thread thread = entry.getKey();
				dump.append('"')
					.append(thread.getName())
					.append('"')
					.append(thread.isDaemon() ? " daemon" : "")
					.append(" ")
					.append(thread.getState())
					.append('\n');
				for (StackTraceElement element : entry.getValue()) {
					dump.append("\tat ").append(element).append('\n');
				}
			});
		return dump.toString();
	}

	static String now() {
		return of(Thread.getAllStackTraces());
	}

}
