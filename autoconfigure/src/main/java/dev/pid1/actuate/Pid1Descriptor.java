package dev.pid1.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import dev.pid1.diagnosis.ProcessDiagnosis;
import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.grpc.GrpcDrainStatus;
import dev.pid1.platform.ProcessPlatform.Support;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperStatus;
import dev.pid1.shutdown.ShutdownStatus;

/**
 * The response of the {@code pid1} endpoint: records and enums of its own, built from the
 * domain state by {@link #of}, so that the JSON users and scripts read stays what it is
 * when the domain types change.
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
 * @param grpc what the gRPC server's drain has done, {@code null} when pid1 drains no
 * gRPC server (none on the class path, or {@code pid1.grpc.enabled=false})
 * @author pid1 authors
 */
public record Pid1Descriptor(long pid, long parentPid, boolean pid1, @Nullable Boolean subreaper, Platform platform,
		Container container, boolean kubernetes, Signals signals, SignalPathDescriptor signalPath,
		@Nullable ReaperDescriptor reaper, @Nullable ShutdownDescriptor shutdown,
		@Nullable GrpcDescriptor grpc) implements OperationResponseBody {

	/**
	 * The response for the domain state.
	 * @param diagnosis the diagnosis of this process
	 * @param reaper what the reaper has done, {@code null} when reaping is off
	 * @param children the descendants stopped at shutdown
	 * @param shutdown where the shutdown stands, {@code null} when pid1's shutdown is off
	 * @param grpc what the gRPC server's drain has done, {@code null} when pid1 drains no
	 * gRPC server
	 * @return the response
	 */
	static Pid1Descriptor of(ProcessDiagnosis diagnosis, @Nullable ReaperStatus reaper,
			DescendantTerminator.Totals children, @Nullable ShutdownStatus shutdown, @Nullable GrpcDrainStatus grpc) {
		EnvironmentFacts environment = diagnosis.environment();
		return new Pid1Descriptor(environment.pid(), diagnosis.parentPid(), environment.init(), diagnosis.subreaper(),
				Platform.of(diagnosis.platform()), Container.of(environment.container()), environment.kubernetes(),
				new Signals(diagnosis.termHandled()), SignalPathDescriptor.of(diagnosis.signalPath()),
				(reaper != null) ? ReaperDescriptor.of(reaper, children) : null,
				(shutdown != null) ? ShutdownDescriptor.of(shutdown) : null,
				(grpc != null) ? GrpcDescriptor.of(grpc) : null);
	}

	/**
	 * Native support.
	 *
	 * @param supported whether signal handling and reaping can work
	 * @param detail the implementation, or why pid1 is inert
	 * @param fix what to change to get native support, {@code null} when it works (unless
	 * native access is not enabled: then how to enable it)
	 * @param backend the native backend that makes pid1's system calls
	 * @param backendReason why that backend runs (or why none does)
	 */
	public record Platform(boolean supported, String detail, @Nullable String fix, Backend backend,
			String backendReason) {

		static Platform of(Support support) {
			return new Platform(support.supported(), support.reason(), support.fix(),
					Backend.valueOf(support.backend().name()), support.choice());
		}

	}

	/**
	 * Which native backend makes pid1's system calls.
	 */
	public enum Backend {

		/** The foreign function and memory API (Java 22+). */
		FFM,

		/** JNA. */
		JNA,

		/** None: pid1 makes no system call. */
		NONE

	}

	/**
	 * The container this JVM runs in.
	 *
	 * @param detected whether a container was detected
	 * @param runtime the runtime, when known ({@code docker}, {@code podman},
	 * {@code kubernetes}, {@code containerd}, {@code lxc}, or what the {@code container}
	 * environment variable says)
	 * @param evidence what gave it away, for instance {@code /.dockerenv}
	 */
	public record Container(boolean detected, @Nullable String runtime, @Nullable String evidence) {

		static Container of(ContainerInfo container) {
			return new Container(container.detected(), container.runtime(), container.evidence());
		}

	}

	/**
	 * Signal handling of this JVM.
	 *
	 * @param termHandled whether this JVM has a SIGTERM handler (not with {@code -Xrs},
	 * nor when SIGTERM was inherited as ignored)
	 */
	public record Signals(boolean termHandled) {

	}

}
