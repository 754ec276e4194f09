package dev.pid1.actuate;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import dev.pid1.diagnosis.ProcessDiagnosis;
import dev.pid1.diagnosis.SignalPath;
import dev.pid1.environment.ContainerInfo;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReapedProcess;
import dev.pid1.reaping.ReaperStatus;
import dev.pid1.shutdown.ShutdownStatus;

/**
 * The response of the {@code pid1} endpoint.
 *
 * @param pid this JVM's pid in its namespace
 * @param parentPid its parent's pid, {@code 0} when outside the namespace
 * @param pid1 whether this JVM is PID 1 of its namespace
 * @param subreaper whether this JVM is a child subreaper, {@code null} when unknown
 * @param platform whether native support works
 * @param container the container, if any
 * @param kubernetes whether this runs on Kubernetes
 * @param signals how this JVM handles SIGTERM
 * @param signalPath what a SIGTERM sent to PID 1 does to this JVM
 * @param reaper zombie reaping, {@code null} when {@code pid1.reaper.mode=off}
 * @param shutdown where the shutdown sequence stands, {@code null} when pid1's shutdown
 * is off
 * @author pid1 authors
 */
public record Pid1Descriptor(long pid, long parentPid, boolean pid1, Boolean subreaper, Platform platform,
		ContainerInfo container, boolean kubernetes, Signals signals, SignalPath signalPath, Reaper reaper,
		ShutdownStatus shutdown) implements OperationResponseBody {

	static Pid1Descriptor of(ProcessDiagnosis diagnosis, ReaperStatus reaper, DescendantTerminator.Totals children,
			ShutdownStatus shutdown) {
		return new Pid1Descriptor(diagnosis.environment().pid(), diagnosis.parentPid(), diagnosis.environment().init(),
				diagnosis.subreaper(), new Platform(diagnosis.platform().supported(), diagnosis.platform().reason()),
				diagnosis.environment().container(), diagnosis.environment().kubernetes(),
				new Signals(diagnosis.termHandled()), diagnosis.signalPath(),
				(reaper != null) ? Reaper.of(reaper, children) : null, shutdown);
	}

	/**
	 * Native support.
	 *
	 * @param supported whether signal handling and reaping can work
	 * @param detail the implementation, or why pid1 is inert
	 */
	public record Platform(boolean supported, String detail) {

	}

	/**
	 * Signal handling of this JVM.
	 *
	 * @param termHandled whether this JVM has a SIGTERM handler (not with {@code -Xrs},
	 * nor when SIGTERM was inherited as ignored)
	 */
	public record Signals(boolean termHandled) {

	}

	/**
	 * Zombie reaping.
	 *
	 * @param active whether this JVM reaps (it is PID 1 or a child subreaper)
	 * @param mode {@code exact} or {@code safe} when active
	 * @param detail how it runs (for safe mode, how to get exact mode), or why it does
	 * not
	 * @param reaped zombies reaped so far
	 * @param zombies zombies waiting to be reaped at the last look
	 * @param peakZombies the most zombies seen at once
	 * @param lastReaped the last process reaped, {@code null} before the first
	 * @param children the descendants stopped at shutdown
	 */
	public record Reaper(boolean active, String mode, String detail, long reaped, int zombies, int peakZombies,
			ReapedProcess lastReaped, Children children) {

		static Reaper of(ReaperStatus status, DescendantTerminator.Totals children) {
			return new Reaper(status.active(), status.mode(), status.detail(), status.reaped(), status.zombies(),
					status.peakZombies(), status.lastReaped(), new Children(children.terminated(), children.killed()));
		}

	}

	/**
	 * The processes left in this JVM's tree when the context closed.
	 *
	 * @param terminated how many ended after SIGTERM
	 * @param killed how many were SIGKILLed after the grace
	 */
	public record Children(long terminated, long killed) {

	}

}
