package dev.pid1.diagnosis;

import java.time.Duration;

import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.PlatformLoader;

/**
 * A JVM that diagnoses its own signal path, prints the verdict, and then has a shutdown
 * that takes a while, like an app finishing an in-flight request. Tests run it behind
 * various PID 1s and compare the verdict with what a SIGTERM sent to PID 1 really does.
 */
public final class SignalPathProbe {

	static final String VERDICT = "VERDICT=";

	static final String EXPLANATION = "EXPLANATION=";

	static final String FIX = "FIX=";

	static final String SHUTDOWN_STARTED = "SHUTDOWN-STARTED";

	static final String SHUTDOWN_COMPLETE = "SHUTDOWN-COMPLETE";

	private SignalPathProbe() {
	}

	public static void main(String[] args) throws InterruptedException {
		long shutdownMillis = (args.length > 0) ? Long.parseLong(args[0]) : 1500;
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println(SHUTDOWN_STARTED);
			System.out.flush();
			try {
				Thread.sleep(shutdownMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			System.out.println(SHUTDOWN_COMPLETE);
			System.out.flush();
		}));
		PlatformLoader loader = new PlatformLoader(SignalPathProbe.class.getClassLoader()).start();
		// The budget is the shutdown this probe really has: a hop that kills sooner cuts
		// it
		// short.
		ShutdownBudget budget = new ShutdownBudget(Duration.ofMillis(shutdownMillis),
				"the probe's shutdown of " + shutdownMillis + " ms");
		ProcessDiagnosis diagnosis = new ProcessDiagnostics(() -> loader.get(Duration.ofSeconds(20)),
				new EnvironmentDetector(false)::facts, budget)
			.diagnose(false);
		System.out.println(diagnosis.summary());
		System.out.println(EXPLANATION + diagnosis.signalPath().explanation());
		System.out.println(FIX + diagnosis.signalPath().fix());
		System.out.println(VERDICT + diagnosis.signalPath().verdict());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
