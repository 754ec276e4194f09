package dev.pid1.diagnosis;

import org.jspecify.annotations.Nullable;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.NativeBackend;
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
 * @param reaps whether pid1 reaps zombies when this JVM is PID 1 (its reaper is not off)
 * @author pid1 authors
 */
public record ProcessDiagnosis(EnvironmentFacts environment, long parentPid, @Nullable Boolean subreaper,
		Support platform, boolean termHandled, SignalPath signalPath, boolean reaps) {

	/** Where nothing else says what to change. */
	private static final String INIT_FIX = "start this JVM under an init that reaps (`tini -- java ...`, "
			+ "`docker run --init`)";

	/**
	 * A diagnosis of a JVM whose reaper is on.
	 * @param environment where this JVM runs
	 * @param parentPid its parent's pid
	 * @param subreaper whether it is a child subreaper
	 * @param platform whether native support works
	 * @param termHandled whether this JVM has a SIGTERM handler
	 * @param signalPath what a SIGTERM sent to PID 1 does to this JVM
	 */
	public ProcessDiagnosis(EnvironmentFacts environment, long parentPid, @Nullable Boolean subreaper, Support platform,
			boolean termHandled, SignalPath signalPath) {
		this(environment, parentPid, subreaper, platform, termHandled, signalPath, true);
	}

	/**
	 * Why orphans stay zombies: this JVM is PID 1, so every orphan of the namespace is
	 * re-parented to it, and native support, which reaping needs, is missing. (Without
	 * native calls the subreaper flag cannot be read, so an inert JVM that is a subreaper
	 * is not told apart.)
	 * @return the problem with its fix, {@code null} when there is none
	 */
	public @Nullable String reapingProblem() {
		if (!this.reaps || !this.environment.init() || this.platform.supported()) {
			return null;
		}
		return "this JVM is PID 1 and cannot reap (pid1 is inert), so orphans re-parented to it stay zombies. Fix: "
				+ ((this.platform.fix() != null) ? this.platform.fix() : INIT_FIX);
	}

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
		if (this.platform.supported() && this.platform.backend() != NativeBackend.NONE) {
			line.append("; native: ").append(this.platform.reason());
			if (this.platform.fix() != null) {
				line.append(" - ").append(this.platform.fix());
			}
		}
		String preStopClause = (preStop != null) ? preStop.clause(this.environment.kubernetes()) : null;
		if (preStopClause != null) {
			// Before the signal path, whose verdict and fix end the line.
			line.append("; ").append(preStopClause);
		}
		String reapingProblem = reapingProblem();
		if (reapingProblem != null) {
			line.append("; zombies: NOT REAPED - ").append(reapingProblem);
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
	 * @return whether the signal path is broken, this JVM cannot handle SIGTERM, or it is
	 * PID 1 and cannot reap
	 */
	public boolean isWarning() {
		return isWarning(null);
	}

	/**
	 * Whether the startup line is a warning.
	 * @param preStop whether a preStop hook reaches pid1's endpoint, {@code null} when
	 * that is not known here
	 * @return whether the signal path is broken, this JVM cannot handle SIGTERM, it is
	 * PID 1 and cannot reap, or the preStop endpoint the application asked for does not
	 * answer
	 */
	public boolean isWarning(@Nullable PreStopHookStatus preStop) {
		return (preStop != null && preStop.isWarning(this.environment.kubernetes()))
				|| this.signalPath.verdict().isBroken() || this.signalPath.verdict() == SignalPath.Verdict.UNKNOWN
				|| !this.termHandled || reapingProblem() != null;
	}

}
