package dev.pid1.diagnosis;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ProcessPlatform.Support;

/**
 * What pid1 found out about this process at one moment.
 *
 * @param pid this JVM's pid in its namespace
 * @param parentPid its parent's pid, {@code 0} when outside the namespace
 * @param init whether this JVM is PID 1 of its namespace
 * @param subreaper whether this JVM is a child subreaper ({@code null} when unknown
 * because the platform is inert)
 * @param platform whether native support works, and why not
 * @param container the container, if any
 * @param kubernetes whether this runs on Kubernetes
 * @param termHandled whether this JVM has a SIGTERM handler (no with {@code -Xrs}, or
 * when SIGTERM was inherited as ignored)
 * @param signalPath what a SIGTERM sent to PID 1 does to this JVM
 * @author pid1 authors
 */
public record ProcessDiagnosis(long pid, long parentPid, boolean init, @Nullable Boolean subreaper, Support platform,
		ContainerInfo container, boolean kubernetes, boolean termHandled, SignalPath signalPath) {

	/**
	 * The one line pid1 logs at startup.
	 * @return the summary
	 */
	public String summary() {
		StringBuilder line = new StringBuilder("pid1: ");
		if (!this.platform.supported()) {
			line.append("inert (").append(this.platform.reason()).append("); ");
		}
		line.append(this.init ? "PID 1" : "pid " + this.pid);
		if (Boolean.TRUE.equals(this.subreaper) && !this.init) {
			line.append(", subreaper");
		}
		line.append(", ").append(this.container);
		if (this.kubernetes) {
			line.append(", Kubernetes");
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
		return this.signalPath.verdict().isBroken() || this.signalPath.verdict() == SignalPath.Verdict.UNKNOWN
				|| !this.termHandled;
	}

}
