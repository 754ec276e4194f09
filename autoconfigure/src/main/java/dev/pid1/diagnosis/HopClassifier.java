package dev.pid1.diagnosis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.SignalMasks;
import dev.pid1.platform.Signals;

/**
 * Recognises what a process on the signal path is, from {@code /proc} (command line,
 * executable, signal masks, environment) and, where readable, from what it runs (a
 * shell's script, supervisord's configuration, an s6 service directory), and models what
 * it does when it gets SIGTERM. Each model was measured on the real tool, or for tools
 * that are not Debian packages read from their documentation.
 *
 * @author pid1 authors
 */
final class HopClassifier {

	private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox");

	private static final Set<String> HOST_INITS = Set.of("systemd", "init", "launchd", "upstart", "openrc-init");

	private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "perl", "ruby", "node");

	/** util-linux su and runuser SIGKILL their child this long after relaying. */
	private static final Duration SU_KILL_AFTER = Duration.ofSeconds(2);

	private final ProcFs procFs;

	private final boolean showValues;

	private final ValueSanitizer sanitizer;

	private final S6Hops s6;

	HopClassifier(ProcFs procFs, boolean showValues, ValueSanitizer sanitizer) {
		this.procFs = procFs;
		this.showValues = showValues;
		this.sanitizer = sanitizer;
		this.s6 = new S6Hops(procFs);
	}

	/**
	 * What a hop does with SIGTERM, beyond its {@link Kind}.
	 *
	 * @param hop the hop
	 * @param relaySignal the signal it sends the next hop (TERM, or supervisord's
	 * stopsignal)
	 * @param toGroup whether it sends it to the next hop's whole process group
	 * @param exitsAtOnce whether it exits at once, without waiting for anything
	 * @param shell what a shell runs, or {@code null}
	 * @param trap what a shell's TERM trap does, or {@code null}
	 */
	record Recognized(Hop hop, @Nullable String relaySignal, boolean toGroup, boolean exitsAtOnce,
			@Nullable ShellCommand shell, TrapScript.@Nullable Outcome trap) {

	}

	Recognized recognize(ProcessStat stat, boolean isJvm, List<String> jvmFlags, List<String> childArgv) {
		List<String> argv = this.procFs.cmdline(stat.pid());
		String name = executableName(argv, stat.comm());
		SignalMasks masks = this.procFs.signalMasks(stat.pid()).orElse(new SignalMasks(0, 0, 0));
		// A blocked TERM is not dropped: s6 takes it from a signalfd.
		boolean catches = masks.catches(Signals.SIGTERM) || Signals.inMask(masks.blocked(), Signals.SIGTERM);
		boolean ignores = masks.ignores(Signals.SIGTERM);
		String command = this.showValues ? CommandLines.show(argv, this.sanitizer) : null;
		if (isJvm) {
			Hop hop = new Hop(stat.pid(), name, Kind.JVM, stat.processGroup(), catches, ignores, List.copyOf(jvmFlags),
					false, command, null, null, null);
			return new Recognized(hop, null, false, false, null, null);
		}
		Map<String, String> env = this.procFs.environ(stat.pid()).orElse(Map.of());
		HopBuilder b = new HopBuilder(stat, name, catches, ignores, command);
		String family = family(name, stat.pid());
		List<String> options = options(argv);
		switch (family) {
			case "tini", "tini-static", "docker-init" -> {
				boolean group = options.stream().anyMatch((option) -> isShortFlag(option, 'g'));
				if (group) {
					b.flags.add("-g");
				}
				if (env.containsKey("TINI_KILL_PROCESS_GROUP")) {
					b.flags.add("TINI_KILL_PROCESS_GROUP");
					group = true;
				}
				b.init(group);
			}
			case "dumb-init" -> {
				boolean single = options.contains("--single-child")
						|| options.stream().anyMatch((option) -> isShortFlag(option, 'c'));
				if (single) {
					b.flags.add("--single-child");
				}
				if ("0".equals(env.get("DUMB_INIT_SETSID"))) {
					b.flags.add("DUMB_INIT_SETSID=0");
					single = true;
				}
				b.init(!single);
			}
			case "catatonit", "podman-init" -> {
				if (options.stream().anyMatch((option) -> isShortFlag(option, 'P'))) {
					b.flags.add("-P");
					b.kind = Kind.PAUSE;
					b.onTerm = "pause mode: runs no child";
				}
				else {
					boolean group = options.stream().anyMatch((option) -> isShortFlag(option, 'g'));
					if (group) {
						b.flags.add("-g");
					}
					b.init(group);
				}
			}
			case "pause" -> {
				b.kind = Kind.PAUSE;
				b.onTerm = "holds the shared PID namespace; runs no child";
			}
			case "timeout" -> TimeoutCommand.model(b, argv);
			case "su", "runuser" -> {
				b.relay("relays TERM to its child, then SIGKILLs it 2 s later (\"Session terminated, killing shell...\")");
				b.kill(SU_KILL_AFTER, "util-linux " + name + "'s fixed 2 s");
			}
			case "supervisord" -> {
				SupervisordConfig program = SupervisordConfig.find(this.procFs, stat.pid(), argv, childArgv);
				b.kind = Kind.SUPERVISOR;
				b.relaySignal = program.stopSignal();
				b.toGroup = program.stopAsGroup();
				b.onTerm = "sends " + program.stopSignal()
						+ ((program.stopAsGroup()) ? " to the process group of" : " to")
						+ " each program, waits stopwaitsecs, then SIGKILLs it";
				String source = (program.file() != null)
						? "stopwaitsecs of [program:" + program.name() + "] in " + program.file()
						: "supervisord's default stopwaitsecs (its configuration could not be read)";
				b.kill(program.stopWait(), source);
				if (program.file() != null) {
					b.flags.add("[program:" + program.name() + "]");
				}
			}
			case "s6-svscan" -> {
				b.kind = Kind.SUPERVISOR;
				b.onTerm = "tells each s6-supervise to stop its service and waits for them";
				this.s6.overlay(b, stat.pid(), argv, env);
			}
			case "s6-supervise" -> this.s6.supervise(b, stat.pid());
			case "runsvdir" -> {
				b.kind = Kind.SUPERVISOR;
				b.exitsAtOnce = true;
				b.onTerm = "exits at once, without stopping its services";
			}
			case "runsv" -> {
				b.kind = Kind.SUPERVISOR;
				b.onTerm = "sends TERM to its service and waits for it";
			}
			default -> {
				if (SHELLS.contains(family)) {
					b.kind = Kind.SHELL;
					b.shell = ShellCommand.parse(name, argv);
					b.shell.flag().ifPresent(b.flags::add);
					if (catches) {
						b.trap = b.shell.text(this.procFs, stat.pid())
							.map(TrapScript::analyze)
							.orElse(TrapScript.Outcome.UNREADABLE);
						b.onTerm = "traps TERM: " + b.trap.name().toLowerCase(Locale.ROOT).replace('_', ' ');
					}
					else {
						b.onTerm = (stat.pid() == 1) ? "PID 1 without a TERM handler: the kernel drops it"
								: "dies of TERM";
					}
				}
				else if (stat.pid() == 1 && HOST_INITS.contains(family)) {
					b.kind = Kind.HOST_INIT;
				}
			}
		}
		return b.build();
	}

	private String family(String name, long pid) {
		String exe = this.procFs.exe(pid)
			.map((path) -> path.getFileName().toString().toLowerCase(Locale.ROOT))
			.orElse(name);
		return (exe.equals("tini-static") || exe.equals("tini") || exe.equals("catatonit")) ? exe : name;
	}

	static long parseLong(String text) {
		try {
			return Long.parseLong(text.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static String executableName(List<String> argv, String comm) {
		if (argv.isEmpty() || argv.get(0).isEmpty()) {
			return comm;
		}
		String base = baseName(argv.get(0));
		if (base.startsWith("-")) {
			// A login shell shows as -bash.
			base = base.substring(1);
		}
		if (base.equals("busybox") && argv.size() > 1) {
			return argv.get(1);
		}
		if (INTERPRETERS.contains(base.replaceAll("[0-9.]+$", ""))) {
			// A script run by its interpreter (supervisord is python3's): name the
			// script.
			for (String arg : argv.subList(1, argv.size())) {
				if (!arg.startsWith("-")) {
					return baseName(arg);
				}
			}
		}
		return base.isEmpty() ? comm : base;
	}

	private static String baseName(String path) {
		return path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
	}

	/**
	 * The options before the program a wrapper runs: its own options only.
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

}
