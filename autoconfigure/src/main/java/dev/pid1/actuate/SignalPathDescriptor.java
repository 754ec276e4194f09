package dev.pid1.actuate;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pid1.diagnosis.SignalPath;

/**
 * The signal path in the {@code pid1} endpoint's response: the way from PID 1 down to
 * this JVM, and whether a SIGTERM sent to PID 1 shuts this JVM down gracefully.
 *
 * @param verdict the outcome
 * @param hops the processes from PID 1 (first) to this JVM (last)
 * @param breakingPid the pid of the hop that breaks the path, or {@code null}
 * @param explanation what happens, in one sentence
 * @param fix what to change, or {@code null} when nothing needs to
 * @param killBudget the hop that SIGKILLs this JVM after a timeout of its own, against
 * pid1's shutdown budget, or {@code null} when no hop does
 * @author pid1 authors
 */
public record SignalPathDescriptor(Verdict verdict, List<Hop> hops, @Nullable Long breakingPid, String explanation,
		@Nullable String fix, @Nullable KillBudget killBudget) {

	static SignalPathDescriptor of(SignalPath path) {
		SignalPath.KillBudget budget = path.killBudget();
		return new SignalPathDescriptor(Verdict.of(path.verdict()), path.hops().stream().map(Hop::of).toList(),
				path.breakingPid(), path.explanation(), path.fix(),
				(budget != null) ? new KillBudget(budget.pid(), budget.name(), budget.killAfter(), budget.source(),
						budget.shutdownBudget(), budget.arithmetic(), budget.fits()) : null);
	}

	/**
	 * What a SIGTERM sent to PID 1 does to this JVM.
	 */
	public enum Verdict {

		/** The JVM gets SIGTERM and nothing kills it before its shutdown completes. */
		GRACEFUL,

		/** SIGTERM never reaches the JVM: the orchestrator SIGKILLs it. */
		DROPPED,

		/** The JVM dies before its graceful shutdown completes. */
		CUT_SHORT,

		/** A process on the path catches SIGTERM, and pid1 cannot tell what it does. */
		UNKNOWN,

		/** Not in a container or PID namespace: nothing sends SIGTERM to PID 1 here. */
		NOT_APPLICABLE;

		static Verdict of(SignalPath.Verdict verdict) {
			return switch (verdict) {
				case GRACEFUL -> GRACEFUL;
				case DROPPED -> DROPPED;
				case CUT_SHORT -> CUT_SHORT;
				case UNKNOWN -> UNKNOWN;
				case NOT_APPLICABLE -> NOT_APPLICABLE;
			};
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
	 * @param flags the options and environment variable names that decide the verdict
	 * @param receivesTerm whether SIGTERM reaches it when PID 1 gets one
	 * @param command its whole command line, only when values may be shown
	 * @param onTerm what it does when it gets SIGTERM, or {@code null} for this JVM
	 * @param killAfter after how long it SIGKILLs the process it relayed to, or
	 * {@code null}
	 * @param killAfterSource where that timeout comes from, or {@code null}
	 */
	public record Hop(long pid, String name, Kind kind, long processGroup, boolean catchesTerm, boolean ignoresTerm,
			List<String> flags, boolean receivesTerm, @Nullable String command, @Nullable String onTerm,
			@Nullable Duration killAfter, @Nullable String killAfterSource) {

		static Hop of(SignalPath.Hop hop) {
			return new Hop(hop.pid(), hop.name(), Kind.of(hop.kind()), hop.processGroup(), hop.catchesTerm(),
					hop.ignoresTerm(), hop.flags(), hop.receivesTerm(), hop.command(), hop.onTerm(), hop.killAfter(),
					hop.killAfterSource());
		}

	}

	/**
	 * What kind of process a hop is.
	 */
	public enum Kind {

		/** This JVM. */
		JVM,

		/** An init that relays SIGTERM to its direct child. */
		INIT_CHILD,

		/** An init that relays SIGTERM to its child's process group. */
		INIT_GROUP,

		/** A wrapper that relays SIGTERM to its child and waits for it. */
		RELAY,

		/** A supervisor that stops its services with a signal. */
		SUPERVISOR,

		/** PID 1 of a shared PID namespace that only holds it. */
		PAUSE,

		/** A shell running a script. */
		SHELL,

		/** The host's init: this is not a container. */
		HOST_INIT,

		/** Anything else. */
		OTHER;

		static Kind of(SignalPath.Kind kind) {
			return switch (kind) {
				case JVM -> JVM;
				case INIT_CHILD -> INIT_CHILD;
				case INIT_GROUP -> INIT_GROUP;
				case RELAY -> RELAY;
				case SUPERVISOR -> SUPERVISOR;
				case PAUSE -> PAUSE;
				case SHELL -> SHELL;
				case HOST_INIT -> HOST_INIT;
				case OTHER -> OTHER;
			};
		}

	}

	/**
	 * A hop that SIGKILLs this JVM after a timeout of its own.
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

}
