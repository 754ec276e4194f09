package dev.pid1.test;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of each test run, which tests were skipped and why, grouped by
 * reason: Maven's console shows only "Skipped: 5", and the reasons (with the command that
 * installs what is missing, see {@link Capability}) would otherwise be only in the XML
 * reports. Registered through {@code META-INF/services}, so every module whose test class
 * path holds pid1's test classes prints it.
 */
public class SkippedTestsSummary implements TestExecutionListener {

	private final Queue<Skip> skips = new ConcurrentLinkedQueue<>();

	@Override
	public void executionSkipped(TestIdentifier test, String reason) {
		this.skips.add(new Skip(test, reason));
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() == Status.ABORTED) {
			String reason = result.getThrowable().map(Throwable::getMessage).orElse(null);
			this.skips.add(new Skip(test, (reason != null) ? reason : "aborted"));
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		if (this.skips.isEmpty()) {
			return;
		}
		Map<String, Set<String>> classesByReason = new LinkedHashMap<>();
		Map<String, Integer> countByReason = new LinkedHashMap<>();
		for (Skip skip : this.skips) {
			String reason = skip.reason().replaceFirst("^Assumption failed: ", "");
			classesByReason.computeIfAbsent(reason, (key) -> new LinkedHashSet<>()).add(className(skip.test()));
			countByReason.merge(reason, 1, Integer::sum);
		}
		PrintStream out = System.out;
		out.println();
		out.println("Skipped tests: " + this.skips.size() + " (why, and how to get what they need):");
		classesByReason.forEach((reason, classes) -> out.println("  " + countByReason.get(reason) + " in "
				+ String.join(", ", classes) + ": " + reason.replace("\n", "\n    ")));
		out.println();
		out.flush();
	}

	private static String className(TestIdentifier test) {
		TestSource source = test.getSource().orElse(null);
		if (source instanceof MethodSource method) {
			return simpleName(method.getClassName());
		}
		if (source instanceof ClassSource type) {
			return simpleName(type.getClassName());
		}
		return test.getDisplayName();
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	private record Skip(TestIdentifier test, String reason) {
	}

}
