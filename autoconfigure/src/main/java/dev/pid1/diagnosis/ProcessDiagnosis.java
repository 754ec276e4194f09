package dev.pid1.diagnosis;

import org.jspecify.annotations.Nullable;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ProcessPlatform.Support;

/**
 * What pid1 found out about this process at one moment.
 *
 * @param environment where this JVM runs (its pid, whether it is PID 1, the container,
 * Kubernetes), as decided once at startup
 * @param parentPid its parent's pid, {@code 0} when outside the namespace
 * @param subreaper whether this JVM is a child subreaper ({@code null} when unknown
 * because the platform is inert)
 * @param platform whether native support works, and why not
 * @param termHandled whether this JVM has a SIGTERM handler (no with {@code -Xrs}, or
 * when SIGTERM was inherited as ignored)
 * @param signalPath what a SIGTERM sent to PID 1 does to this JVM
 * @author pid1 authors
 */
public record ProcessDiagnosis(EnvironmentFacts environment, long parentPid, @Nullable Boolean subreaper,
		Support platform, boolean termHandled, SignalPath signalPath) {

	/**
	 * The one line pid1 logs at startup.
	 * @return the summary
	 */
	public String summary() {
		return summary(null);
	}

	/**
	 * The one line pid1 logs at startup, with what it says about the preStop endpoint.
	 * @param preStop whether a preStop hook reaches pid1's endpoint, {@code null} when
	 * that is not known here
	 * @return the summary
	 */
	public String summary(@Nullable PreStopHookStatus preStop) {
		StringBuilder line = new StringBuilder("pid1: ");
		if (!this.platform.supported()) {
			line.append("inert (").append(this.platform.reason()).append("); ");
		}
		line.append(this.environment.init() ? "PID 1" : "pid " + this.environment.pid());
		if (Boolean.TRUE.equals(this.subreaper) && !this.environment.init()) {
			line.append(", subreaper");
		}
		line.append(", ").append(this.environment.container());
		if (this.environment.kubernetes()) {
			line.append(", Kubernetes");
		}
		String preStopClause = (preStop != null) ? preStop.clause(this.environment.kubernetes()) : null;
		if (preStopClause != null) {
			// Before the signal path, whose verdict and fix end the line.
			line.append("; ").append(preStopClause);
		}
		SignalPath path = this.signalPath;
		line.append("; signal path ").append(path.chain()).append(": ").append(path.verdict());
		if (path.verdict() != SignalPath.Verdict.GRACEFUL) {
			line.append(" - ").append(path.explanation());
		}
		if (path.fix() != null) {
			line.append(". Fix: ").append(path.fix());
		}
		return line.toString();
	}

	/**
	 * Whether the startup line is a warning.
	 * @return whether the signal path is broken or this JVM cannot handle SIGTERM
	 */
	public boolean isWarning() {
		return isWarning(null);
	}

	/**
	 * Whether the startup line is a warning.
	 * @param preStop whether a preStop hook reaches pid1's endpoint, {@code null} when
	 * that is not known here
	 * @return whether the signal path is broken, this JVM cannot handle SIGTERM, or the
	 * preStop endpoint the application asked for does not answer
	 */
	public boolean isWarning(@Nullable PreStopHookStatus preStop) {
		return (preStop != null && preStop.isWarning(this.environment.kubernetes()))
				|| this.signalPath.verdict().isBroken() || this.signalPath.verdict() == SignalPath.Verdict.UNKNOWN
				|| !this.termHandled;
	}

}
