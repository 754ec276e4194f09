package dev.pid1.actuate;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.pid1.diagnosis.ProcessDiagnosis;
import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.diagnosis.ShowValues;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * {@link Endpoint @Endpoint} that shows what pid1 knows about this process: whether it is
 * PID 1 or a subreaper, whether native support works, the container, and whether a
 * SIGTERM sent to PID 1 leads to a graceful shutdown of this JVM.
 *
 * @author pid1 authors
 */
@Endpoint(id = "pid1")
public class Pid1Endpoint {

	private final ProcessDiagnostics diagnostics;

	private final Show showValues;

	private final Set<String> roles;

	private final @Nullable ZombieReaper reaper;

	private final @Nullable DescendantTerminator terminator;

	private final @Nullable ShutdownCoordinator shutdown;

	public Pid1Endpoint(ProcessDiagnostics diagnostics, ShowValues showValues, Set<String> roles) {
		this(diagnostics, showValues, roles, null);
	}

	/**
	 * Creates the endpoint.
	 * @param diagnostics the diagnosis
	 * @param showValues when to show whole command lines
	 * @param roles roles that may see them
	 * @param shutdown the shutdown coordinator, {@code null} when pid1's shutdown is off
	 */
	public Pid1Endpoint(ProcessDiagnostics diagnostics, ShowValues showValues, Set<String> roles,
			@Nullable ShutdownCoordinator shutdown) {
		this(diagnostics, showValues, roles, null, shutdown);
	}

	/**
	 * Creates the endpoint.
	 * @param diagnostics the diagnosis
	 * @param showValues when to show whole command lines
	 * @param roles roles that may see them
	 * @param reaper the zombie reaper, {@code null} when reaping is off
	 * @param shutdown the shutdown coordinator, {@code null} when pid1's shutdown is off
	 */
	public Pid1Endpoint(ProcessDiagnostics diagnostics, ShowValues showValues, Set<String> roles,
			@Nullable ZombieReaper reaper, @Nullable ShutdownCoordinator shutdown) {
		this(diagnostics, showValues, roles, reaper, null, shutdown);
	}

	/**
	 * Creates the endpoint.
	 * @param diagnostics the diagnosis
	 * @param showValues when to show whole command lines
	 * @param roles roles that may see them
	 * @param reaper the zombie reaper, {@code null} when reaping is off
	 * @param terminator what stops the descendants at shutdown, {@code null} when there
	 * is none (its counts are then zero)
	 * @param shutdown the shutdown coordinator, {@code null} when pid1's shutdown is off
	 */
	public Pid1Endpoint(ProcessDiagnostics diagnostics, ShowValues showValues, Set<String> roles,
			@Nullable ZombieReaper reaper, @Nullable DescendantTerminator terminator,
			@Nullable ShutdownCoordinator shutdown) {
		this.diagnostics = diagnostics;
		this.showValues = Show.valueOf(showValues.name());
		this.roles = Set.copyOf(roles);
		this.reaper = reaper;
		this.terminator = terminator;
		this.shutdown = shutdown;
	}

	@ReadOperation
	public Pid1Descriptor pid1(SecurityContext securityContext) {
		ProcessDiagnosis diagnosis = this.diagnostics.diagnose(this.showValues.isShown(securityContext, this.roles));
		return Pid1Descriptor.of(diagnosis, (this.reaper != null) ? this.reaper.status() : null,
				(this.terminator != null) ? this.terminator.totals() : new DescendantTerminator.Totals(0, 0),
				(this.shutdown != null) ? this.shutdown.status() : null);
	}

}
