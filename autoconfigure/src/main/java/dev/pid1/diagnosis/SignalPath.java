package dev.pid1.diagnosis;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The way from PID 1 of this namespace down to this JVM, and whether a SIGTERM sent to
 * PID 1 (what {@code docker stop} and the kubelet do) leads to a complete graceful
 * shutdown of this JVM.
 *
 * @param verdict the outcome
 * @param hops the processes from PID 1 (first) to this JVM (last)
 * @param breakingPid the pid of the hop that breaks the path, or {@code null}
 * @param explanation what happens, in one sentence
 * @param fix what to change, or {@code null} when nothing needs to
 * @param killBudget the hop on the path that SIGKILLs this JVM after a timeout of its
 * own, compared with pid1's shutdown budget, or {@code null} when no hop does
 * @author pid1 authors
 */
public record SignalPath(Verdict verdict, List<Hop> hops, @Nullable Long breakingPid, String explanation,
		@Nullable String fix, @Nullable KillBudget killBudget) {

	SignalPath(Verdict verdict, List<Hop> hops, @Nullable Long breakingPid, String explanation, @Nullable String fix) {
		this(verdict, hops, breakingPid, explanation, fix, null);
	}

	/**
	 * The hops as {@code sh (1) -> java (7)}.
	 * @return the chain
	 */
	public String chain() {
		return this.hops.stream().map((hop) -> hop.name() + " (" + hop.pid() + ")").collect(Collectors.joining(" -> "));
	}

	/**
	 * What a SIGTERM sent to PID 1 does to this JVM.
	 */
	public enum Verdict {

		/** The JVM gets SIGTERM and nothing kills it before its shutdown completes. */
		GRACEFUL,

		/**
		 * SIGTERM never reaches the JVM: the orchestrator SIGKILLs it after the grace
		 * period.
		 */
		DROPPED,

		/**
		 * The JVM dies before its graceful shutdown completes: a process between PID 1
		 * and the JVM dies of the signal and takes the namespace down, or the JVM has no
		 * handler.
		 */
		CUT_SHORT,

		/** A process on the path catches SIGTERM, and pid1 cannot tell what it does. */
		UNKNOWN,

		/** Not in a container or PID namespace: nothing sends SIGTERM to PID 1 here. */
		NOT_APPLICABLE;

		/**
		 * Whether the path needs fixing.
		 * @return whether a stop would lose work
		 */
		public boolean isBroken() {
			return this == DROPPED || this == CUT_SHORT;
		}

	}

	/**
	 * One process on the path.
	 *
	 * @param pid its pid in this namespace
	 * @param name its executable's name (never its arguments)
	 * @param kind what kind of process it is
	 * @param processGroup its process group
	 * @param catchesTerm whether it has a SIGTERM handler
	 * @param ignoresTerm whether it ignores SIGTERM
	 * @param flags the options and environment variable names that decide the verdict,
	 * for instance {@code -g} for tini
	 * @param receivesTerm whether SIGTERM reaches it when PID 1 gets one
	 * @param command its whole command line, only when values may be shown, else
	 * {@code null}
	 * @param onTerm what it does when it gets SIGTERM, in a few words (for instance
	 * {@code relays TERM to its child and waits}), or {@code null} for this JVM
	 * @param killAfter after how long it SIGKILLs the process it relayed to, or
	 * {@code null} when it waits for as long as it takes
	 * @param killAfterSource where that timeout comes from (a file and setting, or the
	 * tool's fixed value), or {@code null}
	 */
	public record Hop(long pid, String name, Kind kind, long processGroup, boolean catchesTerm, boolean ignoresTerm,
			List<String> flags, boolean receivesTerm, @Nullable String command, @Nullable String onTerm,
			@Nullable Duration killAfter, @Nullable String killAfterSource) {

		Hop withReceipt(boolean receives) {
			return new Hop(this.pid, this.name, this.kind, this.processGroup, this.catchesTerm, this.ignoresTerm,
					this.flags, receives, this.command, this.onTerm, this.killAfter, this.killAfterSource);
		}

	}

	/**
	 * A hop that SIGKILLs this JVM after a timeout of its own, against the time pid1's
	 * shutdown may need.
	 *
	 * @param pid the hop's pid
	 * @param name the hop's executable name
	 * @param killAfter after how long it SIGKILLs
	 * @param source where that timeout comes from
	 * @param shutdownBudget the longest shutdown pid1 may need
	 * @param arithmetic the comparison, written out
	 * @param fits whether the shutdown fits before the kill
	 */
	public record KillBudget(long pid, String name, Duration killAfter, String source, Duration shutdownBudget,
			String arithmetic, boolean fits) {

	}

	/**
	 * What kind of process a hop is, which decides what it does with SIGTERM.
	 */
	public enum Kind {

		/** This JVM. */
		JVM,

		/** An init that relays SIGTERM to its direct child and exits when it exits. */
		INIT_CHILD,

		/**
		 * An init that relays SIGTERM to its child's whole process group and exits when
		 * the child exits.
		 */
		INIT_GROUP,

		/**
		 * A wrapper that relays SIGTERM to its child and waits for it, perhaps SIGKILLing
		 * it after a timeout of its own (coreutils {@code timeout}, {@code su},
		 * {@code runuser}).
		 */
		RELAY,

		/**
		 * A supervisor that stops its services with a signal and waits for them, perhaps
		 * SIGKILLing them after a timeout (supervisord, s6, runit's runsv), or that exits
		 * at once (runit's runsvdir).
		 */
		SUPERVISOR,

		/**
		 * PID 1 of a shared PID namespace that only holds it (Kubernetes' pause,
		 * {@code catatonit -P}): the runtime signals the container's own first process.
		 */
		PAUSE,

		/** A shell running a script. */
		SHELL,

		/** The host's init (systemd, init): this is not a container. */
		HOST_INIT,

		/** Anything else. */
		OTHER

	}

}
