package dev.pid1.actuate;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.pid1.diagnosis.ProcessDiagnosis;
import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.diagnosis.ShowValues;
import dev.pid1.diagnosis.ValueSanitizer;
import dev.pid1.grpc.GrpcDrainStatus;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * {@link Endpoint @Endpoint} that shows what pid1 knows about this process: whether it is
 * PID 1 or a subreaper, whether native support works, the container, and whether a
 * SIGTERM sent to PID 1 leads to a graceful shutdown of this JVM.
 * <p>
 * Whole command lines are shown only when {@code pid1.diagnostics.show-values} allows,
 * and then through the application's {@link SanitizingFunction} beans, as Spring Boot's
 * {@code env} and {@code configprops} endpoints show their values: each
 * {@code -Dkey=value}, {@code --key=value} and {@code KEY=value} is offered to them as
 * {@link SanitizableData} keyed by its key (without a property source). As in Spring
 * Boot, without a function nothing is masked.
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

	private final @Nullable Supplier<GrpcDrainStatus> grpc;

	private final Sanitizer sanitizer;

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
		this(diagnostics, showValues, roles, List.of(), reaper, terminator, shutdown, null);
	}

	/**
	 * Creates the endpoint.
	 * @param diagnostics the diagnosis
	 * @param showValues when to show whole command lines
	 * @param roles roles that may see them
	 * @param sanitizingFunctions the application's sanitizing functions, in order, that
	 * the values in those command lines go through
	 * @param reaper the zombie reaper, {@code null} when reaping is off
	 * @param terminator what stops the descendants at shutdown, {@code null} when there
	 * is none (its counts are then zero)
	 * @param shutdown the shutdown coordinator, {@code null} when pid1's shutdown is off
	 * @param grpc what the gRPC server's drain has done, {@code null} when pid1 drains no
	 * gRPC server (a supplier, so that this class needs no gRPC on the class path)
	 */
	public Pid1Endpoint(ProcessDiagnostics diagnostics, ShowValues showValues, Set<String> roles,
			Iterable<SanitizingFunction> sanitizingFunctions, @Nullable ZombieReaper reaper,
			@Nullable DescendantTerminator terminator, @Nullable ShutdownCoordinator shutdown,
			@Nullable Supplier<GrpcDrainStatus> grpc) {
		this.diagnostics = diagnostics;
		this.sanitizer = new Sanitizer(sanitizingFunctions);
		this.showValues = Show.valueOf(showValues.name());
		this.roles = Set.copyOf(roles);
		this.reaper = reaper;
		this.terminator = terminator;
		this.shutdown = shutdown;
		this.grpc = grpc;
	}

	@ReadOperation
	public Pid1Descriptor pid1(SecurityContext securityContext) {
		ProcessDiagnosis diagnosis = this.diagnostics.diagnose(this.showValues.isShown(securityContext, this.roles),
				this::sanitize);
		return Pid1Descriptor.of(diagnosis, (this.reaper != null) ? this.reaper.status() : null,
				(this.terminator != null) ? this.terminator.totals() : new DescendantTerminator.Totals(0, 0),
				(this.shutdown != null) ? this.shutdown.status() : null, (this.grpc != null) ? this.grpc.get() : null);
	}

	/**
	 * A value of a command line that may be shown, as the application's functions have it
	 * shown.
	 * @see ValueSanitizer
	 */
	private String sanitize(String key, String value) {
		return String.valueOf(this.sanitizer.sanitize(new SanitizableData(null, key, value), true));
	}

}
