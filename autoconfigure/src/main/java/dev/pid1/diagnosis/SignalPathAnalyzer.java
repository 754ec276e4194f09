package dev.pid1.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.SignalMasks;
import dev.pid1.platform.Signals;

/**
 * Walks from this JVM up to PID 1 and decides what a SIGTERM sent to PID 1 does to this
 * JVM. The model, measured on real inits: PID 1 gets only signals it handles; tini,
 * catatonit and {@code dumb-init --single-child} relay to their direct child, {@code tini
 * -g}, {@code catatonit -g} and plain dumb-init to the child's process group; every init
 * exits as soon as its direct child exits, and when PID 1 exits the kernel SIGKILLs the
 * whole namespace. So any process between PID 1 and the JVM that dies of the signal cuts
 * the JVM's shutdown short.
 *
 * @author pid1 authors
 */
public class SignalPathAnalyzer {

	private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox");

	private static final Set<String> HOST_INITS = Set.of("systemd", "init", "launchd", "upstart", "openrc-init");

	private static final int MAX_HOPS = 64;

	private final ProcFs procFs;

	private final boolean showValues;

	/**
	 * Creates an analyzer.
	 * @param procFs where to read processes
	 * @param showValues whether hops carry their whole command line
	 */
	public SignalPathAnalyzer(ProcFs procFs, boolean showValues) {
		this.procFs = procFs;
		this.showValues = showValues;
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
		List<Hop> hops = new ArrayList<>(chain.size());
		for (int i = 0; i < chain.size(); i++) {
			hops.add(describe(chain.get(i), i == chain.size() - 1, jvmFlags));
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

	private Hop describe(ProcessStat stat, boolean isJvm, List<String> jvmFlags) {
		List<String> argv = this.procFs.cmdline(stat.pid());
		String name = executableName(argv, stat.comm());
		SignalMasks masks = this.procFs.signalMasks(stat.pid()).orElse(new SignalMasks(0, 0, 0));
		Map<String, String> env = isJvm ? Map.of() : this.procFs.environ(stat.pid()).orElse(Map.of());
		List<String> flags = new ArrayList<>();
		Kind kind = isJvm ? Kind.JVM : classify(name, argv, env, flags, stat.pid());
		if (isJvm) {
			flags.addAll(jvmFlags);
		}
		String command = this.showValues ? String.join(" ", argv) : null;
		return new Hop(stat.pid(), name, kind, stat.processGroup(), masks.catches(Signals.SIGTERM),
				masks.ignores(Signals.SIGTERM), List.copyOf(flags), false, command);
	}

	private Kind classify(String name, List<String> argv, Map<String, String> env, List<String> flags, long pid) {
		List<String> options = options(argv);
		switch (name) {
			case "tini", "tini-static", "docker-init" -> {
				boolean group = options.stream().anyMatch((option) -> isShortFlag(option, 'g'));
				if (group) {
					flags.add("-g");
				}
				if (env.containsKey("TINI_KILL_PROCESS_GROUP")) {
					flags.add("TINI_KILL_PROCESS_GROUP");
					group = true;
				}
				return group ? Kind.INIT_GROUP : Kind.INIT_CHILD;
			}
			case "dumb-init" -> {
				boolean single = options.contains("--single-child")
						|| options.stream().anyMatch((option) -> isShortFlag(option, 'c'));
				if (single) {
					flags.add("--single-child");
				}
				if ("0".equals(env.get("DUMB_INIT_SETSID"))) {
					flags.add("DUMB_INIT_SETSID=0");
					single = true;
				}
				return single ? Kind.INIT_CHILD : Kind.INIT_GROUP;
			}
			case "catatonit" -> {
				boolean group = options.stream().anyMatch((option) -> isShortFlag(option, 'g'));
				if (group) {
					flags.add("-g");
				}
				return group ? Kind.INIT_GROUP : Kind.INIT_CHILD;
			}
			case "s6-svscan", "s6-supervise" -> {
				return Kind.SUPERVISOR;
			}
			default -> {
				if (SHELLS.contains(name)) {
					scriptName(argv).ifPresent(flags::add);
					return Kind.SHELL;
				}
				if (pid == 1 && HOST_INITS.contains(name)) {
					return Kind.HOST_INIT;
				}
				return Kind.OTHER;
			}
		}
	}

	private SignalPath decide(List<Hop> hops, boolean inContainer) {
		if (hops.isEmpty()) {
			return new SignalPath(Verdict.UNKNOWN, List.of(), null, "/proc could not be read", null);
		}
		Hop init = hops.get(0);
		if (init.kind() == Kind.HOST_INIT && !inContainer) {
			return new SignalPath(Verdict.NOT_APPLICABLE, hops, null,
					"PID 1 is the host's init (" + init.name() + "): no container stop signal to follow", null);
		}
		boolean[] receives = new boolean[hops.size()];
		receives[0] = true;
		String assumption = null;
		for (int i = 0; i < hops.size(); i++) {
			Hop hop = hops.get(i);
			if (!receives[i]) {
				continue;
			}
			boolean last = i == hops.size() - 1;
			if (last) {
				return jvmVerdict(withReceipt(hops, receives), hop, i == 0, assumption);
			}
			if (hop.ignoresTerm()) {
				return new SignalPath(Verdict.DROPPED, withReceipt(hops, receives), hop.pid(), describe(hop)
						+ " ignores SIGTERM, so it never reaches this JVM, which is SIGKILLed after the grace period",
						fixForIntermediate(hops, i));
			}
			switch (hop.kind()) {
				case INIT_CHILD, SUPERVISOR -> receives[i + 1] = true;
				case INIT_GROUP -> {
					long group = hops.get(i + 1).processGroup();
					for (int j = i + 1; j < hops.size(); j++) {
						receives[j] = receives[j] || hops.get(j).processGroup() == group;
					}
				}
				default -> {
					if (hop.catchesTerm()) {
						if (hop.kind() != Kind.SHELL) {
							return new SignalPath(Verdict.UNKNOWN, withReceipt(hops, receives), hop.pid(),
									describe(hop)
											+ " catches SIGTERM; pid1 cannot tell whether it passes it on to this JVM",
									"make the JVM PID 1 (exec form ENTRYPOINT, or `exec java` in the script) or put tini directly in front of it");
						}
						// A shell with a TERM trap: assume it relays the signal and
						// waits.
						assumption = describe(hop) + " traps SIGTERM, assumed to relay it and wait";
						receives[i + 1] = true;
					}
					else if (i == 0) {
						return new SignalPath(Verdict.DROPPED, withReceipt(hops, receives), hop.pid(), describe(hop)
								+ " is PID 1 with no SIGTERM handler, so the kernel drops the signal and this JVM is SIGKILLed after the grace period",
								fixForIntermediate(hops, i));
					}
					else {
						return new SignalPath(Verdict.CUT_SHORT, withReceipt(hops, receives), hop.pid(),
								describe(hop) + " dies of SIGTERM at once; " + describe(init)
										+ " then exits and the kernel SIGKILLs this JVM before its shutdown completes",
								fixForIntermediate(hops, i));
					}
				}
			}
		}
		// The signal stopped at a hop that did not pass it on (an init's child that is
		// not
		// on our path cannot happen): treat as dropped at the last receiver.
		int lastReceiver = 0;
		for (int i = 0; i < receives.length; i++) {
			if (receives[i]) {
				lastReceiver = i;
			}
		}
		Hop stopper = hops.get(lastReceiver);
		return new SignalPath(Verdict.DROPPED, withReceipt(hops, receives), stopper.pid(),
				describe(stopper) + " does not pass SIGTERM on to this JVM", fixForIntermediate(hops, lastReceiver));
	}

	private SignalPath jvmVerdict(List<Hop> hops, Hop jvm, boolean isInit, String assumption) {
		String note = (assumption != null) ? " (" + assumption + ")" : "";
		if (jvm.catchesTerm()) {
			return new SignalPath(Verdict.GRACEFUL, hops, null,
					"SIGTERM reaches this JVM and nothing on the path dies of it first" + note, null);
		}
		boolean reduced = !jvm.flags().isEmpty();
		String xrs = reduced ? " (started with " + jvm.flags().get(0) + ")" : "";
		String fix = reduced ? "remove " + jvm.flags().get(0) + " from the JVM options"
				: "start the JVM from a process that does not ignore SIGTERM";
		if (jvm.ignoresTerm()) {
			return new SignalPath(Verdict.DROPPED, hops, jvm.pid(),
					"this JVM inherited SIGTERM as ignored" + xrs + ", so it never shuts down gracefully", fix);
		}
		if (isInit) {
			return new SignalPath(Verdict.DROPPED, hops, jvm.pid(), "this JVM is PID 1 without a SIGTERM handler" + xrs
					+ ", so the kernel drops the signal and it is SIGKILLed after the grace period", fix);
		}
		return new SignalPath(Verdict.CUT_SHORT, hops, jvm.pid(),
				"this JVM has no SIGTERM handler" + xrs + ", so SIGTERM kills it without running its shutdown" + note,
				fix);
	}

	private static String fixForIntermediate(List<Hop> hops, int index) {
		Hop hop = hops.get(index);
		String script = hop.flags().stream().filter((flag) -> !flag.startsWith("-")).findFirst().orElse(null);
		if (hop.kind() == Kind.SHELL) {
			String where = (script != null) ? " in " + script : " in the wrapper script";
			return "start the JVM with `exec java ...`" + where
					+ " so it replaces the shell; or run the JVM directly under an init (`tini -- java ...`); "
					+ "or trap TERM in the script, relay it to the JVM and `wait` for it";
		}
		if (hop.kind() == Kind.INIT_GROUP || hop.kind() == Kind.INIT_CHILD) {
			return "make the JVM the init's direct child";
		}
		return "make the JVM PID 1 (exec form ENTRYPOINT) or start it directly under tini (`tini -- java ...`)";
	}

	private static String describe(Hop hop) {
		return "`" + hop.name() + "` (pid " + hop.pid() + ")";
	}

	private static List<Hop> withReceipt(List<Hop> hops, boolean[] receives) {
		List<Hop> result = new ArrayList<>(hops.size());
		for (int i = 0; i < hops.size(); i++) {
			Hop hop = hops.get(i);
			result.add(new Hop(hop.pid(), hop.name(), hop.kind(), hop.processGroup(), hop.catchesTerm(),
					hop.ignoresTerm(), hop.flags(), receives[i], hop.command()));
		}
		return List.copyOf(result);
	}

	static String executableName(List<String> argv, String comm) {
		if (argv.isEmpty() || argv.get(0).isEmpty()) {
			return comm;
		}
		String first = argv.get(0);
		String base = first.substring(first.lastIndexOf('/') + 1);
		if (base.startsWith("-")) {
			// A login shell shows as -bash.
			base = base.substring(1);
		}
		if (base.equals("busybox") && argv.size() > 1) {
			return argv.get(1);
		}
		return base.isEmpty() ? comm : base.toLowerCase(Locale.ROOT);
	}

	/**
	 * The options before the program an init runs: its own options only.
	 */
	private static List<String> options(List<String> argv) {
		List<String> options = new ArrayList<>();
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (arg.equals("--") || !arg.startsWith("-")) {
				break;
			}
			options.add(arg);
		}
		return options;
	}

	private static boolean isShortFlag(String option, char flag) {
		return option.startsWith("-") && !option.startsWith("--") && option.indexOf(flag) > 0;
	}

	/**
	 * The script a shell runs, as a file name only: it names where the fix goes.
	 */
	private static Optional<String> scriptName(List<String> argv) {
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (arg.equals("-c")) {
				return Optional.empty();
			}
			if (!arg.startsWith("-")) {
				return Optional.of(arg.substring(arg.lastIndexOf('/') + 1));
			}
		}
		return Optional.empty();
	}

}
