package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How a container ended when terminated as the kubelet does.
 *
 * @param startup pid1's report before the termination
 * @param termination how it was terminated
 * @param traffic the requests sent during it
 * @param preStop the preStop hook's outcome, {@code null} without one
 * @param sigtermToExit from SIGTERM to the container's exit, {@code null} when no SIGTERM
 * was sent (it had exited before)
 * @param terminationToExit from the beginning of the termination to the exit
 * @param exitCode the container's exit code (143 = SIGTERM, 137 = SIGKILL), {@code -1}
 * when Docker did not report one
 * @param killed whether the kit had to SIGKILL it at the end of the grace period
 * @param inFlight the slow request's outcome, {@code null} without one
 * @param timeline pid1's shutdown timeline from the log, empty without pid1
 * @param grpc the gRPC calls by status code and the stream in flight, {@code null} for
 * HTTP traffic ({@code traffic} then counts the calls, its failures by status code)
 * @author pid1 authors
 */
public record TerminationReport(StartupReport startup, Termination termination, Traffic traffic,
		@Nullable RequestOutcome preStop, @Nullable Duration sigtermToExit, Duration terminationToExit, long exitCode,
		boolean killed, @Nullable RequestOutcome inFlight, List<Phase> timeline, @Nullable GrpcCalls grpc) {

	/**
	 * A report of HTTP traffic.
	 * @param startup pid1's report before the termination
	 * @param termination how it was terminated
	 * @param traffic the requests sent during it
	 * @param preStop the preStop hook's outcome
	 * @param sigtermToExit from SIGTERM to the container's exit
	 * @param terminationToExit from the beginning of the termination to the exit
	 * @param exitCode the container's exit code
	 * @param killed whether the kit had to SIGKILL it
	 * @param inFlight the slow request's outcome
	 * @param timeline pid1's shutdown timeline
	 */
	public TerminationReport(StartupReport startup, Termination termination, Traffic traffic,
			@Nullable RequestOutcome preStop, @Nullable Duration sigtermToExit, Duration terminationToExit,
			long exitCode, boolean killed, @Nullable RequestOutcome inFlight, List<Phase> timeline) {
		this(startup, termination, traffic, preStop, sigtermToExit, terminationToExit, exitCode, killed, inFlight,
				timeline, null);
	}

	private static final Pattern TIMELINE = Pattern.compile("pid1 shutdown \\+\\s*(\\d+) ms  (.+)$");

	/**
	 * pid1's shutdown timeline: the lines {@code pid1 shutdown +  NNN ms  phase}, in
	 * plain text or in a structured (JSON) console format.
	 * @param logs the container's log
	 * @return the phases, in order
	 */
	public static List<Phase> timeline(String logs) {
		List<Phase> phases = new ArrayList<>();
		for (String line : LogLine.pid1Messages(logs, "pid1 shutdown +").toList()) {
			Matcher matcher = TIMELINE.matcher(line);
			if (matcher.find()) {
				phases.add(new Phase(Long.parseLong(matcher.group(1)), matcher.group(2).strip()));
			}
		}
		return phases;
	}

	/**
	 * The report in a few lines.
	 * @return the summary
	 */
	public String summary() {
		String how = this.termination.toString();
		if (this.grpc != null && how.contains(" ms; ")) {
			// The termination's own traffic (HTTP) was not sent: the gRPC calls were.
			how = how.substring(0, how.indexOf(" ms; ") + 5) + "gRPC calls for " + this.termination.lag().toMillis()
					+ " ms after the termination begins";
		}
		StringBuilder text = new StringBuilder(how).append('\n');
		text.append((this.grpc != null) ? "  gRPC calls: " : "  requests: ")
			.append(this.traffic.failed())
			.append(" failed of ")
			.append(this.traffic.sent());
		if (this.grpc != null) {
			text.append(", by status ").append(this.grpc.byStatus());
		}
		if (!this.traffic.failures().isEmpty()) {
			text.append(' ').append(this.traffic.failures());
		}
		if (this.traffic.firstFailure() != null) {
			long first = this.traffic.firstFailure().toMillis();
			text.append(", the first sent at ").append((first < 0) ? "-" : "+").append(Math.abs(first)).append(" ms");
		}
		text.append('\n');
		if (this.preStop != null) {
			text.append("  preStop: ").append(this.preStop);
			PreStop hook = this.termination.preStop();
			if (hook != null && hook.kind() == PreStop.Kind.HTTP_GET
					&& Integer.valueOf(404).equals(this.preStop.status())) {
				text.append(" (pid1's preStop endpoint answers only when the app grants it: ")
					.append(PreStop.ACCESS_PROPERTY)
					.append("=unrestricted, for instance withEnv(\"")
					.append(PreStop.ACCESS_ENV)
					.append("\", \"unrestricted\"))");
			}
			text.append('\n');
		}
		text.append("  exit code ").append(this.exitCode).append(this.killed ? " (SIGKILLed at the grace period)" : "");
		text.append(", termination -> exit ").append(this.terminationToExit.toMillis()).append(" ms");
		if (this.sigtermToExit != null) {
			text.append(", SIGTERM -> exit ").append(this.sigtermToExit.toMillis()).append(" ms");
		}
		text.append('\n');
		if (this.inFlight != null) {
			text.append("  request in flight: ").append(this.inFlight).append('\n');
		}
		if (this.grpc != null && this.grpc.stream() != null) {
			text.append("  stream in flight: ").append(this.grpc.stream()).append('\n');
		}
		if (!this.timeline.isEmpty()) {
			text.append("  pid1's timeline:\n");
			this.timeline.forEach((phase) -> text.append("    ").append(phase).append('\n'));
		}
		return text.toString();
	}

	/**
	 * The requests sent during a termination.
	 *
	 * @param sent how many were sent
	 * @param failed how many failed (no answer, or a status of 400 or more), before or
	 * after the termination began
	 * @param failedBeforeTermination how many of them failed before it began (the path is
	 * wrong, or the app was not ready)
	 * @param failures the count per reason ({@code HTTP 503}, {@code ConnectException})
	 * @param firstFailure when the first failure was sent, from the beginning of the
	 * termination, {@code null} when none failed
	 */
	public record Traffic(long sent, long failed, long failedBeforeTermination, Map<String, Long> failures,
			@Nullable Duration firstFailure) {

	}

	/**
	 * The outcome of one request.
	 *
	 * @param status the HTTP status, {@code null} when there was no answer
	 * @param failure why there was no answer, {@code null} when there was one
	 * @param took how long it took
	 */
	public record RequestOutcome(@Nullable Integer status, @Nullable String failure, Duration took) {

		/**
		 * Whether it was answered with a status below 400.
		 * @return whether it completed
		 */
		public boolean completed() {
			return this.status != null && this.status < 400;
		}

		@Override
		public String toString() {
			return ((this.status != null) ? "HTTP " + this.status : this.failure) + " after " + this.took.toMillis()
					+ " ms";
		}

	}

	/**
	 * One line of pid1's shutdown timeline.
	 *
	 * @param millis since the shutdown began
	 * @param phase what happened
	 */
	public record Phase(long millis, String phase) {

		@Override
		public String toString() {
			return String.format("+%6d ms  %s", this.millis, this.phase);
		}

	}

}
