package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What pid1 says about the running container: its verdict on the signal path and its
 * state, read from {@code /actuator/pid1} when exposed, else from its startup line; or
 * that the image has no pid1.
 *
 * @param source where it was read
 * @param verdict the signal-path verdict, {@code null} without pid1
 * @param jvmIsPid1 whether the JVM is PID 1, {@code null} when unknown
 * @param termHandled whether the JVM has a SIGTERM handler, {@code null} when unknown
 * @param inert whether pid1 is inert (no signal handling, no reaping)
 * @param platformDetail the native implementation, or why pid1 is inert; {@code null}
 * when unknown
 * @param chain the processes from PID 1 to the JVM, as {@code sh (1) -> java (8)}
 * @param explanation what a SIGTERM does when the path is not graceful
 * @param fix what to change, {@code null} when nothing needs to
 * @param reaper the reaper's state, {@code null} when unknown or off
 * @param shutdown the shutdown settings in use, {@code null} when unknown or off
 * @param line pid1's startup line, {@code null} when not found
 * @param reapingProblem why pid1 does not reap although the JVM's zombies are its own to
 * reap (it is PID 1 and cannot, or its reaper thread died), with pid1's fix; {@code null}
 * when there is none (or the image's pid1 does not say)
 * @author pid1 authors
 */
public record StartupReport(Source source, @Nullable Verdict verdict, @Nullable Boolean jvmIsPid1,
		@Nullable Boolean termHandled, boolean inert, @Nullable String platformDetail, @Nullable String chain,
		@Nullable String explanation, @Nullable String fix, @Nullable Reaper reaper, @Nullable Shutdown shutdown,
		@Nullable String line, @Nullable String reapingProblem) {

	/** The report of an image without pid1. */
	static final StartupReport ABSENT = new StartupReport(Source.ABSENT, null, null, null, false, null, null, null,
			null, null, null, null, null);

	/**
	 * A report without a reaping problem.
	 * @param source where it was read
	 * @param verdict the signal-path verdict
	 * @param jvmIsPid1 whether the JVM is PID 1
	 * @param termHandled whether the JVM has a SIGTERM handler
	 * @param inert whether pid1 is inert
	 * @param platformDetail the native implementation, or why pid1 is inert
	 * @param chain the processes from PID 1 to the JVM
	 * @param explanation what a SIGTERM does when the path is not graceful
	 * @param fix what to change
	 * @param reaper the reaper's state
	 * @param shutdown the shutdown settings in use
	 * @param line pid1's startup line
	 */
	public StartupReport(Source source, @Nullable Verdict verdict, @Nullable Boolean jvmIsPid1,
			@Nullable Boolean termHandled, boolean inert, @Nullable String platformDetail, @Nullable String chain,
			@Nullable String explanation, @Nullable String fix, @Nullable Reaper reaper, @Nullable Shutdown shutdown,
			@Nullable String line) {
		this(source, verdict, jvmIsPid1, termHandled, inert, platformDetail, chain, explanation, fix, reaper, shutdown,
				line, null);
	}

	/**
	 * Whether pid1 is in the image.
	 * @return whether it answered or logged its startup line
	 */
	public boolean pid1Present() {
		return this.source != Source.ABSENT;
	}

	/**
	 * Why pid1 is inert.
	 * @return the cause, {@code null} when it is not
	 */
	public @Nullable InertCause inertCause() {
		return this.inert ? InertCause.of(this.platformDetail) : null;
	}

	/**
	 * What is wrong, each with why and the fix.
	 * @return the problems, empty when the signal path is graceful and pid1 is active and
	 * reaps what it must
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (!pid1Present()) {
			problems.add("pid1 is not in this image (no /actuator/pid1 answered and the log has no pid1 startup line):"
					+ " a SIGTERM gets plain Spring Boot's shutdown, which stops accepting at once while the load"
					+ " balancer still routes traffic to the pod, and nothing reaps orphans when the JVM is PID 1."
					+ " Fix: add dev.pid1:pid1-spring-boot-starter");
			return problems;
		}
		if (this.verdict != Verdict.GRACEFUL) {
			StringBuilder problem = new StringBuilder("signal path ").append(this.chain)
				.append(": ")
				.append(this.verdict);
			if (this.explanation != null) {
				problem.append(" - ").append(this.explanation);
			}
			if (this.fix != null) {
				problem.append(". Fix: ").append(this.fix);
			}
			problems.add(problem.toString());
		}
		if (this.reapingProblem != null) {
			// pid1's own words: the cause and its fix.
			problems.add("pid1 does not reap zombies: " + this.reapingProblem);
		}
		else if (this.inert) {
			InertCause cause = InertCause.of(this.platformDetail);
			problems.add("pid1 is inert (" + this.platformDetail + "): " + cause.explanation()
					+ ", so it neither handles signals nor reaps. Fix: " + cause.fix());
		}
		return problems;
	}

	/**
	 * Where the report was read.
	 */
	public enum Source {

		/** {@code /actuator/pid1}. */
		ENDPOINT,

		/** pid1's startup line in the container's log. */
		LOG,

		/** Neither: the image has no pid1 (or it is disabled). */
		ABSENT

	}

	/**
	 * Zombie reaping, from {@code /actuator/pid1}.
	 *
	 * @param active whether the JVM reaps
	 * @param mode {@code exact} or {@code safe}
	 * @param reaped zombies reaped so far
	 */
	public record Reaper(boolean active, @Nullable String mode, long reaped) {

	}

	/**
	 * The shutdown settings in use, from {@code /actuator/pid1}.
	 *
	 * @param drain whether a shutdown now would drain
	 * @param drainMax the longest drain
	 * @param deadline pid1's hard deadline from the start of shutdown
	 */
	public record Shutdown(boolean drain, Duration drainMax, Duration deadline) {

	}

}
