package dev.pid1.diagnosis;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.platform.Signals;

/**
 * Produces a {@link ProcessDiagnosis} on demand. Reads {@code /proc} afresh each time (a
 * few hundred microseconds), so the endpoint always shows the present.
 *
 * @author pid1 authors
 */
public class ProcessDiagnostics {

	/**
	 * pid1's defaults: a drain of up to 20 s, Spring Boot's 30 s shutdown phase timeout,
	 * and a margin of 3 s.
	 */
	public static final ShutdownBudget DEFAULT_BUDGET = ShutdownBudget.of(Duration.ofSeconds(20),
			Duration.ofSeconds(30), Duration.ofSeconds(3));

	private final Supplier<ProcessPlatform> platform;

	private final Supplier<EnvironmentFacts> environment;

	private final List<String> jvmFlags;

	private final ShutdownBudget budget;

	/**
	 * Creates the diagnostics, with pid1's default shutdown budget.
	 * @param platform supplies the platform, loading it if it is not yet loaded
	 * @param environment where this JVM runs, as decided once
	 */
	public ProcessDiagnostics(Supplier<ProcessPlatform> platform, Supplier<EnvironmentFacts> environment) {
		this(platform, environment, DEFAULT_BUDGET);
	}

	/**
	 * Creates the diagnostics.
	 * @param platform supplies the platform, loading it if it is not yet loaded
	 * @param environment where this JVM runs, as decided once
	 * @param budget the longest this JVM's shutdown may take, against which the kill
	 * timeouts of hops on the path are checked
	 */
	public ProcessDiagnostics(Supplier<ProcessPlatform> platform, Supplier<EnvironmentFacts> environment,
			ShutdownBudget budget) {
		this(platform, environment, decisiveJvmFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()), budget);
	}

	ProcessDiagnostics(Supplier<ProcessPlatform> platform, Supplier<EnvironmentFacts> environment,
			List<String> jvmFlags, ShutdownBudget budget) {
		this.platform = platform;
		this.environment = environment;
		this.jvmFlags = jvmFlags;
		this.budget = budget;
	}

	/**
	 * The shutdown budget that kill timeouts on the path are checked against.
	 * @return the budget
	 */
	public ShutdownBudget budget() {
		return this.budget;
	}

	/**
	 * Diagnoses this process now.
	 * @param showValues whether hops may carry their whole command line
	 * @return the diagnosis
	 */
	public ProcessDiagnosis diagnose(boolean showValues) {
		return diagnose(showValues, ValueSanitizer.NONE);
	}

	/**
	 * Diagnoses this process now.
	 * @param showValues whether hops may carry their whole command line
	 * @param sanitizer what the values in those command lines are shown as
	 * @return the diagnosis
	 */
	public ProcessDiagnosis diagnose(boolean showValues, ValueSanitizer sanitizer) {
		ProcessPlatform platform = this.platform.get();
		EnvironmentFacts environment = this.environment.get();
		var procFs = platform.procFs();
		long pid = environment.pid();
		SignalPath path = new SignalPathAnalyzer(procFs, showValues, sanitizer, this.budget).analyze(pid, this.jvmFlags,
				environment.orchestrated());
		boolean termHandled = procFs.signalMasks(pid).map((masks) -> masks.catches(Signals.SIGTERM)).orElse(true);
		Boolean subreaper = (platform instanceof NativePlatform nativePlatform) ? nativePlatform.isSubreaper() : null;
		return new ProcessDiagnosis(environment, platform.parentPid(), subreaper, platform.support(), termHandled,
				path);
	}

	/**
	 * The JVM options that decide whether SIGTERM is handled.
	 * @param inputArguments the JVM's input arguments
	 * @return the decisive ones
	 */
	static List<String> decisiveJvmFlags(List<String> inputArguments) {
		List<String> flags = new ArrayList<>();
		for (String argument : inputArguments) {
			if (argument.equals("-Xrs") || argument.equals("-XX:+ReduceSignalUsage")) {
				flags.add(argument);
			}
		}
		return List.copyOf(flags);
	}

}
