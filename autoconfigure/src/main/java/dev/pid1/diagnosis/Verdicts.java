package dev.pid1.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.KillBudget;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.platform.Durations;
import dev.pid1.platform.SignalMasks;

/**
 * The verdicts on one signal path, each with its explanation and fix.
 *
 * @author pid1 authors
 */
final class Verdicts {

	/** The signals on which a JVM runs its shutdown hooks. */
	private static final Set<String> SHUTDOWN_SIGNALS = Set.of("TERM", "INT", "HUP");

	private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "USR1", 10,
			"USR2", 12, "TERM", 15);

	private static final String TWO_WAITS = "wait for the JVM again after the trap has run: the first `wait` "
			+ "returns as soon as the trap has run, so follow `wait $pid` with `trap - TERM INT; wait $pid` "
			+ "(or `wait $pid` inside the trap), or replace the shell with `exec java ...`";

	private final List<Hop> hops;

	private final @Nullable String sharedNote;

	private final ShutdownBudget budget;

	Verdicts(List<Hop> hops, @Nullable String sharedNote, ShutdownBudget budget) {
		this.hops = hops;
		this.sharedNote = sharedNote;
		this.budget = budget;
	}

	SignalPath jvm(String[] signal, Hop jvm, String received, @Nullable Hop killer, Optional<SignalMasks> masks) {
		String note = (this.sharedNote != null) ? " (" + this.sharedNote + ")" : "";
		boolean reduced = !jvm.flags().isEmpty();
		String xrs = reduced ? " (started with " + jvm.flags().get(0) + ")" : "";
		String fix = reduced ? "remove " + jvm.flags().get(0) + " from the JVM options"
				: "start the JVM from a process that does not ignore SIGTERM";
		if (jvm.ignoresTerm() && received.equals("TERM")) {
			return path(signal, Verdict.DROPPED, jvm,
					"this JVM inherited SIGTERM as ignored" + xrs + ", so it never shuts down gracefully" + note, fix,
					null);
		}
		boolean handles = received.equals("TERM") ? jvm.catchesTerm()
				: masks.map((m) -> m.catches(NUMBERS.getOrDefault(received, 0))).orElse(false);
		if (!handles && jvm.pid() == 1 && received.equals("TERM")) {
			return path(signal, Verdict.DROPPED, jvm, "this JVM is PID 1 without a SIGTERM handler" + xrs
					+ ", so the kernel drops the signal and it is SIGKILLed after the grace period", fix, null);
		}
		if (!handles && SHUTDOWN_SIGNALS.contains(received)) {
			return path(signal, Verdict.CUT_SHORT, jvm, "this JVM has no SIG" + received + " handler" + xrs
					+ ", so the signal kills it without running its shutdown" + note, fix, null);
		}
		KillBudget kill = (killer != null) ? SignalPathAnalyzer.killBudget(killer, this.budget) : null;
		if (!SHUTDOWN_SIGNALS.contains(received)) {
			Hop sender = sender(signal);
			String killed = (kill != null)
					? "; `" + kill.name() + "` SIGKILLs it after " + Durations.format(kill.killAfter()) : "";
			return path(signal, Verdict.CUT_SHORT, jvm,
					describe(sender) + " stops this JVM with SIG" + received
							+ ", which does not run its shutdown (only TERM, INT and HUP do)" + killed + note,
					"stop it with TERM" + ((sender.kind() == Kind.SUPERVISOR) ? " (stopsignal=TERM)" : ""), null);
		}
		if (killer != null && kill != null) {
			if (!kill.fits()) {
				return path(signal, Verdict.CUT_SHORT, killer,
						describe(killer) + " relays SIG" + received + " to this JVM but SIGKILLs it "
								+ Durations.format(kill.killAfter()) + " later: " + kill.arithmetic() + note,
						killFix(killer), kill);
			}
			return path(signal, Verdict.GRACEFUL, null, "SIG" + received
					+ " reaches this JVM, nothing on the path dies of it first, and " + kill.arithmetic() + note, null,
					kill);
		}
		return path(signal, Verdict.GRACEFUL, null,
				"SIG" + received + " reaches this JVM and nothing on the path dies of it first" + note, null, null);
	}

	SignalPath ignored(String[] signal, int i) {
		Hop hop = this.hops.get(i);
		return path(signal, Verdict.DROPPED, hop,
				describe(hop)
						+ " ignores SIGTERM, so it never reaches this JVM, which is SIGKILLed after the grace period",
				fix(i, null), null);
	}

	SignalPath noHandler(String[] signal, int i, @Nullable ShellCommand shell) {
		Hop hop = this.hops.get(i);
		if (hop.pid() == 1) {
			return path(signal, Verdict.DROPPED, hop, describe(hop)
					+ " is PID 1 with no SIGTERM handler, so the kernel drops the signal and this JVM is SIGKILLed after the grace period",
					fix(i, shell), null);
		}
		return path(signal, Verdict.CUT_SHORT, hop,
				describe(hop) + " dies of SIGTERM at once; " + aftermath(i) + " before its shutdown completes",
				fix(i, shell), null);
	}

	SignalPath exitsAtOnce(String[] signal, int i) {
		Hop hop = this.hops.get(i);
		return path(signal, Verdict.CUT_SHORT, hop,
				describe(hop) + " exits at once on SIGTERM without stopping its services; " + aftermath(i)
						+ " without a shutdown",
				"run the JVM without runsvdir (exec-form ENTRYPOINT, or `tini -- java ...`); or make PID 1 a script "
						+ "that on TERM runs `sv -w " + this.budget.total().toSeconds()
						+ " down /etc/service/*` and only then exits",
				null);
	}

	/**
	 * A shell that traps TERM: {@code null} when it relays and waits, else the verdict.
	 */
	@Nullable SignalPath trap(String[] signal, int i, TrapScript.Outcome outcome, ShellCommand shell) {
		Hop hop = this.hops.get(i);
		String where = shell.where();
		boolean jvmGetsItAnyway = signal[i + 1] != null;
		return switch (outcome) {
			case RELAYS_AND_WAITS -> null;
			case WAITS_ONCE, EXITS_IN_TRAP -> path(signal, Verdict.CUT_SHORT, hop,
					describe(hop) + " traps SIGTERM and relays it, but then exits without waiting for this JVM again ("
							+ where + "); " + aftermath(i) + " mid-shutdown",
					"in " + where + ", " + TWO_WAITS, null);
			case FOREGROUND, SWALLOWS -> jvmGetsItAnyway ? null : path(signal, Verdict.DROPPED, hop,
					describe(hop) + " traps SIGTERM but does not pass it on to this JVM while it runs (" + where
							+ "), so this JVM is SIGKILLed after the grace period",
					"in " + where
							+ ", start the JVM in the background and relay: `java ... & pid=$!; trap 'kill -TERM $pid' TERM INT; wait $pid; trap - TERM INT; wait $pid`, or `exec java ...`",
					null);
			case UNREADABLE -> path(signal, Verdict.UNKNOWN, hop,
					describe(hop) + " traps SIGTERM, and pid1 cannot read " + where
							+ " to tell whether it waits for this JVM again after the trap has run",
					"make sure " + where + " waits again: `wait $pid; trap - TERM INT; wait $pid`, or `exec java ...`",
					null);
		};
	}

	SignalPath unknownCatcher(String[] signal, int i) {
		Hop hop = this.hops.get(i);
		return path(signal, Verdict.UNKNOWN, hop,
				describe(hop) + " catches SIGTERM; pid1 cannot tell whether it passes it on to this JVM",
				"make the JVM PID 1 (exec form ENTRYPOINT, or `exec java` in the script) or put tini directly in front of it",
				null);
	}

	SignalPath notPassedOn(String[] signal) {
		int last = 0;
		for (int i = 0; i < signal.length; i++) {
			last = (signal[i] != null) ? i : last;
		}
		Hop stopper = this.hops.get(last);
		return path(signal, Verdict.DROPPED, stopper, describe(stopper) + " does not pass SIGTERM on to this JVM",
				fix(last, null), null);
	}

	private String killFix(Hop killer) {
		long seconds = (this.budget.total().toMillis() + 999) / 1000;
		String lower = "; or lower pid1.shutdown.drain-max or spring.lifecycle.timeout-per-shutdown-phase";
		String source = String.valueOf(killer.killAfterSource());
		if (source.startsWith("stopwaitsecs")) {
			return "set stopwaitsecs=" + seconds + " (or more) in the " + source.substring("stopwaitsecs of ".length())
					+ lower;
		}
		if (source.startsWith("supervisord")) {
			return "set stopwaitsecs=" + seconds + " (or more) in the JVM's [program:...] section" + lower;
		}
		if (source.startsWith("s6-overlay")) {
			return "raise S6_SERVICES_GRACETIME and S6_KILL_GRACETIME so that they add up to " + (seconds * 1000)
					+ " ms (or more)" + lower;
		}
		if (source.startsWith("timeout-kill")) {
			return "raise timeout-kill to " + (seconds * 1000) + " (or more), or remove it" + lower;
		}
		if (source.startsWith("timeout")) {
			return "raise timeout's -k to " + seconds + "s (or more), or drop -k" + lower;
		}
		return "switch user without a supervising " + killer.name()
				+ ": `USER` in the Dockerfile, or `setpriv --reuid=... --regid=... --init-groups java ...` or `gosu user java ...`, which exec the JVM";
	}

	private String fix(int i, @Nullable ShellCommand shell) {
		Hop hop = this.hops.get(i);
		if (hop.kind() == Kind.SHELL && shell != null) {
			return "start the JVM with `exec java ...` in " + shell.where()
					+ " so it replaces the shell; or run the JVM directly under an init (`tini -- java ...`); "
					+ "or trap TERM in it, relay it to the JVM and wait for the JVM twice (`wait $pid; trap - TERM INT; wait $pid`)";
		}
		if (hop.kind() == Kind.INIT_GROUP || hop.kind() == Kind.INIT_CHILD) {
			return "make the JVM the init's direct child";
		}
		return "make the JVM PID 1 (exec form ENTRYPOINT) or start it directly under tini (`tini -- java ...`)";
	}

	private String aftermath(int i) {
		Hop top = this.hops.get(0);
		if (this.sharedNote != null) {
			return "the runtime then stops the container and kills this JVM";
		}
		if (i == 0) {
			return "the kernel then SIGKILLs this JVM";
		}
		return describe(top) + " then exits and the kernel SIGKILLs this JVM";
	}

	private Hop sender(String[] signal) {
		for (int i = this.hops.size() - 2; i >= 0; i--) {
			if (signal[i] != null) {
				return this.hops.get(i);
			}
		}
		return this.hops.get(0);
	}

	private static String describe(Hop hop) {
		return "`" + hop.name() + "` (pid " + hop.pid() + ")";
	}

	private SignalPath path(String[] signal, Verdict verdict, @Nullable Hop breaking, String explanation,
			@Nullable String fix, @Nullable KillBudget kill) {
		List<Hop> result = new ArrayList<>(this.hops.size());
		for (int i = 0; i < this.hops.size(); i++) {
			result.add(this.hops.get(i).withReceipt(signal[i] != null));
		}
		return new SignalPath(verdict, List.copyOf(result), (breaking != null) ? breaking.pid() : null, explanation,
				fix, kill);
	}

}
