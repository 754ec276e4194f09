package dev.pid1.diagnosis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pid1.diagnosis.HopClassifier.Recognized;
import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.KillBudget;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.platform.Durations;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;

/**
 * Walks from this JVM up to PID 1 and decides what a SIGTERM sent to PID 1 does to this
 * JVM. The model, measured on real processes: PID 1 gets only signals it handles (or
 * blocks, to read them from a signalfd); inits relay to their child or its process group
 * and exit as soon as their child exits; when PID 1 exits the kernel SIGKILLs the whole
 * namespace. So any hop between PID 1 and the JVM that dies of the signal, or exits
 * before the JVM has, cuts the JVM's shutdown short, and so does a hop that SIGKILLs the
 * JVM after a timeout shorter than the shutdown may take. When the top of the chain is
 * not PID 1 (its parent is outside the namespace: a shared PID namespace), the runtime
 * signals that process itself.
 *
 * @author pid1 authors
 */
public class SignalPathAnalyzer {

	private static final int MAX_HOPS = 64;

	private static final Set<Kind> KNOWN_RELAYS = EnumSet.of(Kind.INIT_CHILD, Kind.INIT_GROUP, Kind.RELAY,
			Kind.SUPERVISOR);

	private final ProcFs procFs;

	private final HopClassifier classifier;

	private final ShutdownBudget budget;

	/**
	 * Creates an analyzer that compares kill timeouts with pid1's default budget.
	 * @param procFs where to read processes
	 * @param showValues whether hops carry their whole command line
	 */
	public SignalPathAnalyzer(ProcFs procFs, boolean showValues) {
		this(procFs, showValues, ProcessDiagnostics.DEFAULT_BUDGET);
	}

	/**
	 * Creates an analyzer.
	 * @param procFs where to read processes
	 * @param showValues whether hops carry their whole command line
	 * @param budget the longest this JVM's shutdown may take
	 */
	public SignalPathAnalyzer(ProcFs procFs, boolean showValues, ShutdownBudget budget) {
		this(procFs, showValues, ValueSanitizer.NONE, budget);
	}

	/**
	 * Creates an analyzer.
	 * @param procFs where to read processes
	 * @param showValues whether hops carry their whole command line
	 * @param sanitizer what the values in those command lines are shown as
	 * @param budget the longest this JVM's shutdown may take
	 */
	public SignalPathAnalyzer(ProcFs procFs, boolean showValues, ValueSanitizer sanitizer, ShutdownBudget budget) {
		this.procFs = procFs;
		this.classifier = new HopClassifier(procFs, showValues, sanitizer);
		this.budget = budget;
	}

	/**
	 * Analyzes the path from PID 1 to the given process, which must be this JVM.
	 * @param jvmPid this JVM's pid
	 * @param jvmFlags the decisive JVM options ({@code -Xrs}) this JVM was started with
	 * @param inContainer whether a container was detected
	 * @return the path and its verdict
	 */
	public SignalPath analyze(long jvmPid, List<String> jvmFlags, boolean inContainer) {
		List<ProcessStat> chain = chain(jvmPid);
		List<Recognized> hops = new ArrayList<>(chain.size());
		for (int i = 0; i < chain.size(); i++) {
			boolean last = i == chain.size() - 1;
			List<String> child = last ? List.of() : this.procFs.cmdline(chain.get(i + 1).pid());
			hops.add(this.classifier.recognize(chain.get(i), last, jvmFlags, child));
		}
		return decide(hops, inContainer);
	}

	private List<ProcessStat> chain(long jvmPid) {
		List<ProcessStat> chain = new ArrayList<>();
		long pid = jvmPid;
		while (pid > 0 && chain.size() < MAX_HOPS) {
			Optional<ProcessStat> stat = this.procFs.stat(pid);
			if (stat.isEmpty()) {
				break;
			}
			chain.add(stat.get());
			pid = stat.get().parentPid();
		}
		Collections.reverse(chain);
		return chain;
	}

	private SignalPath decide(List<Recognized> recognized, boolean inContainer) {
		List<Hop> hops = recognized.stream().map(Recognized::hop).toList();
		if (hops.isEmpty()) {
			return new SignalPath(Verdict.UNKNOWN, List.of(), null, "/proc could not be read", null);
		}
		Hop top = hops.get(0);
		if (top.kind() == Kind.HOST_INIT && !inContainer) {
			return new SignalPath(Verdict.NOT_APPLICABLE, hops, null,
					"PID 1 is the host's init (" + top.name() + "): no container stop signal to follow", null);
		}
		Verdicts verdicts = new Verdicts(hops, sharedNamespaceNote(top), this.budget);
		String[] signal = new String[hops.size()];
		signal[0] = "TERM";
		@Nullable Hop killer = null;
		for (int i = 0; i < hops.size(); i++) {
			Recognized r = recognized.get(i);
			Hop hop = r.hop();
			if (signal[i] == null) {
				continue;
			}
			if (i == hops.size() - 1) {
				return verdicts.jvm(signal, hop, signal[i], killer, this.procFs.signalMasks(hop.pid()));
			}
			if (hop.ignoresTerm()) {
				return verdicts.ignored(signal, i);
			}
			// Known inits, relays and supervisors get the signal whatever /proc shows:
			// tini waits for it in sigtimedwait, which /proc/<pid>/status does not show.
			if (!hop.catchesTerm() && !KNOWN_RELAYS.contains(hop.kind())) {
				return verdicts.noHandler(signal, i, r.shell());
			}
			if (r.exitsAtOnce()) {
				return verdicts.exitsAtOnce(signal, i);
			}
			switch (hop.kind()) {
				case INIT_CHILD, INIT_GROUP, RELAY, SUPERVISOR -> {
					// HopBuilder gives every hop but the JVM a relay signal.
					relay(hops, signal, i, Objects.requireNonNull(r.relaySignal(), "relaySignal"), r.toGroup());
					if (hop.killAfter() != null
							&& (killer == null || hop.killAfter().compareTo(killer.killAfter()) < 0)) {
						killer = hop;
					}
				}
				case SHELL -> {
					// A shell that catches TERM has its command and its trap
					// (HopClassifier).
					SignalPath broken = verdicts.trap(signal, i, Objects.requireNonNull(r.trap(), "trap"),
							Objects.requireNonNull(r.shell(), "shell"));
					if (broken != null) {
						return broken;
					}
					if (r.trap() == TrapScript.Outcome.RELAYS_AND_WAITS) {
						signal[i + 1] = (signal[i + 1] != null) ? signal[i + 1] : "TERM";
					}
				}
				default -> {
					return verdicts.unknownCatcher(signal, i);
				}
			}
		}
		return verdicts.notPassedOn(signal);
	}

	private static void relay(List<Hop> hops, String[] signal, int i, String relayed, boolean toGroup) {
		if (!toGroup) {
			signal[i + 1] = (signal[i + 1] != null) ? signal[i + 1] : relayed;
			return;
		}
		long group = hops.get(i + 1).processGroup();
		for (int j = i + 1; j < hops.size(); j++) {
			if (hops.get(j).processGroup() == group && signal[j] == null) {
				signal[j] = relayed;
			}
		}
	}

	/**
	 * When the top of the chain is not PID 1, its parent is outside the namespace: the
	 * runtime starts it there and signals it itself.
	 */
	private @Nullable String sharedNamespaceNote(Hop top) {
		if (top.pid() == 1) {
			return null;
		}
		String pid1 = HopClassifier.executableName(this.procFs.cmdline(1),
				this.procFs.stat(1).map(ProcessStat::comm).orElse("?"));
		return "`" + top.name() + "` (pid " + top.pid()
				+ ") was started from outside this PID namespace, which it shares with PID 1 (`" + pid1
				+ "`): the runtime sends SIGTERM to `" + top.name() + "` itself";
	}

	static KillBudget killBudget(Hop killer, ShutdownBudget budget) {
		// The analyzer takes as the killer only a hop with a timeout.
		Duration after = Objects.requireNonNull(killer.killAfter(), "killAfter");
		boolean fits = budget.total().compareTo(after) <= 0;
		String arithmetic = "pid1's shutdown may take up to " + Durations.format(budget.total()) + " ("
				+ budget.arithmetic() + ") " + (fits ? "<= " : "> ") + Durations.format(after) + ", the "
				+ killer.killAfterSource() + " after which `" + killer.name() + "` SIGKILLs this JVM";
		return new KillBudget(killer.pid(), killer.name(), after,
				Objects.requireNonNull(killer.killAfterSource(), "killAfterSource"), budget.total(), arithmetic, fits);
	}

}
