package dev.pid1.diagnosis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.test.Capability;
import dev.pid1.test.PidNamespace;
import dev.pid1.test.PidNamespace.Namespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way of starting a JVM in a container, run for real as PID 1 of a fresh PID
 * namespace with the real tool: the verdict the JVM gives at startup must be what then
 * happens when PID 1 gets SIGTERM, as {@code docker stop} and the kubelet send it. The
 * probe's shutdown takes {@link #SHUTDOWN_MILLIS} and it passes that as its budget, so a
 * hop that SIGKILLs sooner cuts it short, and the verdict must say so.
 */
class SignalPathNamespaceTests {

	/** What an orchestrator waits after SIGTERM before it SIGKILLs (docker: 10 s). */
	static final long GRACE_MILLIS = 12_000;

	/** Longer than runuser's 2 s, shorter than supervisord's default 10 s. */
	static final long SHUTDOWN_MILLIS = 4_000;

	private static final String PROBE = SignalPathProbe.class.getName();

	/** Which Debian package has each tool, for the skip message. */
	private static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("tini", "tini"),
			Map.entry("docker-init", "tini"), Map.entry("dumb-init", "dumb-init"), Map.entry("catatonit", "catatonit"),
			Map.entry("timeout", "coreutils"), Map.entry("env", "coreutils"), Map.entry("nohup", "coreutils"),
			Map.entry("runuser", "util-linux"), Map.entry("setpriv", "util-linux"), Map.entry("su", "util-linux"),
			Map.entry("nsenter", "util-linux"), Map.entry("gosu", "gosu"), Map.entry("chpst", "runit"),
			Map.entry("runsvdir", "runit"), Map.entry("s6-svscan", "s6"), Map.entry("supervisord", "supervisor"),
			Map.entry("bash", "bash"));

	@TempDir
	static Path dir;

	@BeforeAll
	static void writeScripts() throws IOException {
		script("start.sh", "\"$JAVA\" $JAVA_OPTS -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS);
		script("start-exec.sh", "exec \"$JAVA\" $JAVA_OPTS -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS);
		script("start-trap.sh", "\"$JAVA\" -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS
				+ " &\nchild=$!\ntrap 'kill -TERM $child' TERM INT\nwait $child\ntrap - TERM INT\nwait $child");
		// The pattern most blog posts show: it waits only once.
		script("start-trap-once.sh", "\"$JAVA\" -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS
				+ " &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\nexit $?");
		script("start-trap-function.sh",
				"_term() {\n  kill -TERM \"$child\" 2>/dev/null\n  wait \"$child\"\n}\n"
						+ "trap _term TERM\n\"$JAVA\" -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS
						+ " &\nchild=$!\nwait \"$child\"");
		script("start-trap-exit.sh", "trap 'kill -TERM $pid; exit 0' TERM\n\"$JAVA\" -cp \"$CP\" " + PROBE + " "
				+ SHUTDOWN_MILLIS + " &\npid=$!\nwait $pid");
		script("start-trap-foreground.sh",
				"trap 'kill -TERM $pid' TERM\n\"$JAVA\" -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS);
		script("start-trap-loop.sh", "\"$JAVA\" -cp \"$CP\" " + PROBE + " " + SHUTDOWN_MILLIS
				+ " &\npid=$!\ntrap 'kill -TERM $pid' TERM\nwhile kill -0 $pid 2>/dev/null; do\n  wait $pid\ndone");
		Files.copy(
				Path.of("/usr/bin/catatonit").toFile().exists() ? Path.of("/usr/bin/catatonit") : Path.of("/bin/true"),
				dir.resolve("podman-init"), StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Each shape: name, command template, the verdict it must get, and what SIGTERM must
	 * do (the same, except for UNKNOWN).
	 */
	static Stream<Arguments> paths() {
		String java = "$JAVA_CMD";
		return Stream.of(
				// The JVM as PID 1, and what leaves it so (wrappers that exec).
				shape("java as PID 1", List.of("JAVA"), Verdict.GRACEFUL),
				shape("java -Xrs as PID 1", List.of("JAVA", "-Xrs"), Verdict.DROPPED),
				shape("env VAR=1 java", List.of("TOOL:env", "PID1_TEST=1", "JAVA"), Verdict.GRACEFUL),
				shape("nohup java", List.of("TOOL:nohup", "JAVA"), Verdict.GRACEFUL),
				shape("setpriv java", List.of("TOOL:setpriv", "--reuid=0", "--regid=0", "--clear-groups", "JAVA"),
						Verdict.GRACEFUL),
				shape("gosu root java", List.of("TOOL:gosu", "root", "JAVA"), Verdict.GRACEFUL),
				shape("chpst -u root java", List.of("TOOL:chpst", "-u", "root", "JAVA"), Verdict.GRACEFUL),
				// Shells and scripts.
				shape("sh start.sh without exec", List.of("sh", "SCRIPT:start.sh"), Verdict.DROPPED),
				shape("sh start.sh with exec", List.of("sh", "SCRIPT:start-exec.sh"), Verdict.GRACEFUL),
				shape("trap, relay, wait twice", List.of("sh", "SCRIPT:start-trap.sh"), Verdict.GRACEFUL),
				shape("trap, relay, wait once", List.of("sh", "SCRIPT:start-trap-once.sh"), Verdict.CUT_SHORT),
				shape("bash: trap function that waits", List.of("TOOL:bash", "SCRIPT:start-trap-function.sh"),
						Verdict.GRACEFUL),
				shape("trap that exits", List.of("sh", "SCRIPT:start-trap-exit.sh"), Verdict.CUT_SHORT),
				shape("trap, JVM in the foreground", List.of("sh", "SCRIPT:start-trap-foreground.sh"), Verdict.DROPPED),
				shape("trap, wait in a loop", List.of("sh", "SCRIPT:start-trap-loop.sh"), Verdict.GRACEFUL),
				shape("bash -c 'java ...'", List.of("TOOL:bash", "-c", java), Verdict.GRACEFUL),
				shape("bash -lc 'java ...; echo'", List.of("TOOL:bash", "-lc", java + "; echo done"), Verdict.DROPPED),
				shape("sh -ec 'java ...; echo'", List.of("sh", "-ec", java + "; echo done"), Verdict.DROPPED),
				shape("sh -ec 'exec java ...'", List.of("sh", "-ec", "exec " + java), Verdict.GRACEFUL),
				shape("tini -> bash -xc 'java ...; echo'",
						List.of("TOOL:tini", "--", "TOOL:bash", "-xc", java + "; echo done"), Verdict.CUT_SHORT),
				shape("sh -c: trap, relay, wait once",
						List.of("sh", "-c", java + " & pid=$!; trap 'kill -TERM $pid' TERM; wait $pid"),
						Verdict.CUT_SHORT),
				// Inits.
				shape("tini -> java", List.of("TOOL:tini", "--", "JAVA"), Verdict.GRACEFUL),
				shape("tini -> sh -> java", List.of("TOOL:tini", "--", "sh", "SCRIPT:start.sh"), Verdict.CUT_SHORT),
				shape("tini -g -> sh -> java", List.of("TOOL:tini", "-g", "--", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				shape("docker-init -> java", List.of("TOOL:docker-init", "--", "JAVA"), Verdict.GRACEFUL),
				shape("dumb-init -> java", List.of("TOOL:dumb-init", "JAVA"), Verdict.GRACEFUL),
				shape("dumb-init -> sh -> java", List.of("TOOL:dumb-init", "sh", "SCRIPT:start.sh"), Verdict.CUT_SHORT),
				shape("catatonit -> java", List.of("TOOL:catatonit", "--", "JAVA"), Verdict.GRACEFUL),
				shape("catatonit -> sh -> java", List.of("TOOL:catatonit", "--", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				shape("podman --init (catatonit as podman-init) -> java", List.of("TOOL:catatonit", "PODMAN_INIT"),
						Verdict.GRACEFUL),
				// Relaying wrappers.
				shape("timeout 600 java", List.of("TOOL:timeout", "600", "JAVA"), Verdict.GRACEFUL),
				shape("timeout -k 1 600 java", List.of("TOOL:timeout", "-k", "1", "600", "JAVA"), Verdict.CUT_SHORT),
				shape("timeout 600 sh start.sh", List.of("TOOL:timeout", "600", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				shape("runuser -u root -- java", List.of("TOOL:runuser", "-u", "root", "--", "JAVA"),
						Verdict.CUT_SHORT),
				shape("su -c 'exec java ...' root", List.of("TOOL:su", "-s", "/bin/sh", "-c", "exec " + java, "root"),
						Verdict.CUT_SHORT),
				// Supervisors.
				shape("supervisord, stopwaitsecs=20", List.of("TOOL:supervisord", "SUPERVISORD:stopwaitsecs=20"),
						Verdict.GRACEFUL),
				shape("supervisord, stopwaitsecs=2", List.of("TOOL:supervisord", "SUPERVISORD:stopwaitsecs=2"),
						Verdict.CUT_SHORT),
				shape("supervisord, stopsignal=INT", List.of("TOOL:supervisord", "SUPERVISORD:stopsignal=INT"),
						Verdict.GRACEFUL),
				shape("supervisord, stopsignal=QUIT",
						List.of("TOOL:supervisord", "SUPERVISORD:stopsignal=QUIT\nstopwaitsecs=2"), Verdict.CUT_SHORT),
				shape("supervisord -> sh -c 'java; echo'", List.of("TOOL:supervisord", "SUPERVISORD-SH:"),
						Verdict.CUT_SHORT),
				shape("s6-svscan -> s6-supervise -> java", List.of("TOOL:s6-svscan", "S6:"), Verdict.GRACEFUL),
				shape("s6 with timeout-kill 1000", List.of("TOOL:s6-svscan", "S6:1000"), Verdict.CUT_SHORT),
				shape("runsvdir -> runsv -> java", List.of("TOOL:runsvdir", "RUNSVDIR"), Verdict.CUT_SHORT));
	}

	private static Arguments shape(String name, List<String> template, Verdict expected) {
		return Arguments.of(name, template, expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("paths")
	void verdictMatchesWhatSigtermDoes(String name, List<String> template, Verdict expected) throws Exception {
		PidNamespace.assumeAvailable();
		Path work = Files.createTempDirectory(dir, "case");
		List<String> command = command(template, work);
		Path log = work.resolve("probe.log");
		try (Namespace namespace = PidNamespace.start(command, log)) {
			assertThat(namespace.awaitOutput(SignalPathProbe.VERDICT, 60_000))
				.as("probe started; output:%n%s", namespace.output())
				.isTrue();
			Verdict predicted = predicted(namespace.output());
			namespace.signalInit("TERM");
			boolean endedWithinGrace = namespace.waitFor(GRACE_MILLIS) != null;
			if (!endedWithinGrace) {
				namespace.kill();
				namespace.waitFor(10_000);
			}
			Verdict observed = observed(namespace.output(), endedWithinGrace);
			report(name, predicted, observed, namespace.output());
			assertThat(predicted).as("verdict at startup; output:%n%s", namespace.output()).isEqualTo(expected);
			assertThat(observed).as("what SIGTERM did; output:%n%s", namespace.output()).isEqualTo(expected);
		}
	}

	static Stream<Arguments> sharedNamespaces() {
		String java = "$JAVA_CMD";
		return Stream.of(shape("shared PID namespace (pause = catatonit -P): java", List.of("JAVA"), Verdict.GRACEFUL),
				shape("shared PID namespace: sh -c 'java; echo'", List.of("sh", "-c", java + "; echo done"),
						Verdict.CUT_SHORT),
				shape("shared PID namespace: tini -> java", List.of("TOOL:tini", "--", "JAVA"), Verdict.GRACEFUL));
	}

	/**
	 * Kubernetes' shareProcessNamespace and {@code docker run --pid container:...}: PID 1
	 * is a pause process, the container's first process is started into the namespace
	 * from outside (here by nsenter), and the runtime signals that process itself and
	 * kills what is left once it has exited.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("sharedNamespaces")
	void verdictMatchesWhatSigtermDoesInASharedNamespace(String name, List<String> template, Verdict expected)
			throws Exception {
		PidNamespace.assumeAvailable();
		String catatonit = tool("catatonit");
		String nsenter = tool("nsenter");
		Path work = Files.createTempDirectory(dir, "shared");
		Path log = work.resolve("probe.log");
		try (Namespace pause = PidNamespace.start(List.of(catatonit, "-P"), work.resolve("pause.log"))) {
			long pid1 = pause.initHostPid();
			List<String> command = new ArrayList<>(
					List.of(nsenter, "--target", Long.toString(pid1), "--pid", "--mount", "--"));
			command.addAll(command(template, work));
			Process nsenterProcess = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			try {
				long deadline = System.currentTimeMillis() + 60_000;
				while (!read(log).contains(SignalPathProbe.VERDICT) && System.currentTimeMillis() < deadline
						&& nsenterProcess.isAlive()) {
					Thread.sleep(50);
				}
				String started = read(log);
				assertThat(started).as("probe started; output:%n%s", started).contains(SignalPathProbe.VERDICT);
				Verdict predicted = predicted(started);
				ProcessHandle main = nsenterProcess.toHandle().children().findFirst().orElseThrow();
				List<ProcessHandle> rest = main.descendants().toList();
				new ProcessBuilder("kill", "-s", "TERM", Long.toString(main.pid())).start().waitFor();
				boolean ended = main.onExit()
					.toCompletableFuture()
					.completeOnTimeout(null, GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
					.get() != null;
				// The runtime: once the container's process has exited (or at the end of
				// the grace period), it kills what is left.
				main.destroyForcibly();
				rest.forEach(ProcessHandle::destroyForcibly);
				nsenterProcess.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
				Verdict observed = observed(read(log), ended);
				report(name, predicted, observed, read(log));
				assertThat(predicted).as("verdict at startup; output:%n%s", read(log)).isEqualTo(expected);
				assertThat(observed).as("what SIGTERM did; output:%n%s", read(log)).isEqualTo(expected);
			}
			finally {
				nsenterProcess.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
				nsenterProcess.destroyForcibly();
			}
		}
	}

	/**
	 * One line per shape for the README's table: the verdict, what happened, and the
	 * startup line.
	 */
	private static void report(String name, Verdict predicted, Verdict observed, String output) {
		String line = output.lines().filter((l) -> l.startsWith("pid1: ")).findFirst().orElse("");
		System.out.println("SHAPE | " + name + " | " + predicted + " | " + observed + " | " + line);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "";
		}
	}

	static Verdict predicted(String output) {
		return Verdict.valueOf(line(output, SignalPathProbe.VERDICT));
	}

	static String line(String output, String prefix) {
		int at = output.indexOf(prefix);
		String rest = output.substring(at + prefix.length());
		return rest.lines().findFirst().orElseThrow().trim();
	}

	/**
	 * Graceful: the shutdown completed. Dropped: nothing happened until the
	 * orchestrator's SIGKILL. Cut short: the namespace went down on its own before the
	 * JVM's shutdown completed (often before it even started).
	 */
	static Verdict observed(String output, boolean endedWithinGrace) {
		if (output.contains(SignalPathProbe.SHUTDOWN_COMPLETE)) {
			return Verdict.GRACEFUL;
		}
		return endedWithinGrace ? Verdict.CUT_SHORT : Verdict.DROPPED;
	}

	static List<String> command(List<String> template, Path work) throws IOException {
		List<String> command = new ArrayList<>();
		for (int i = 0; i < template.size(); i++) {
			String part = template.get(i);
			if (part.startsWith("TOOL:")) {
				command.add(tool(part.substring("TOOL:".length())));
			}
			else if (part.equals("JAVA")) {
				List<String> options = new ArrayList<>();
				while (i + 1 < template.size() && template.get(i + 1).startsWith("-X")) {
					options.add(template.get(++i));
				}
				command.addAll(PidNamespace.java(options, PROBE, Long.toString(SHUTDOWN_MILLIS)));
			}
			else if (part.startsWith("SCRIPT:")) {
				command.add(dir.resolve(part.substring("SCRIPT:".length())).toString());
			}
			else if (part.equals("PODMAN_INIT")) {
				// podman run --init bind-mounts catatonit as /run/podman-init.
				command.set(command.size() - 1, dir.resolve("podman-init").toString());
				command.add("--");
				command.addAll(PidNamespace.java(List.of(), PROBE, Long.toString(SHUTDOWN_MILLIS)));
			}
			else if (part.startsWith("SUPERVISORD")) {
				command.addAll(List.of("-n", "-c", supervisordConfig(work, part).toString()));
			}
			else if (part.startsWith("S6:")) {
				command.add(serviceDir(work, part.substring(3)).toString());
			}
			else if (part.equals("RUNSVDIR")) {
				command.addAll(List.of("-P", serviceDir(work, "").toString()));
			}
			else {
				command.add(part.replace("$JAVA_CMD", javaCommand()));
			}
		}
		return command;
	}

	private static Path supervisordConfig(Path work, String part) throws IOException {
		boolean viaShell = part.startsWith("SUPERVISORD-SH:");
		String settings = part.substring(part.indexOf(':') + 1);
		String program = viaShell ? "sh -c \"" + javaCommand().replace("'", "") + "; echo done\"" : javaCommand();
		Path config = work.resolve("supervisord.conf");
		Files.writeString(config,
				"[supervisord]\nnodaemon=true\nsilent=true\nlogfile=/dev/null\nlogfile_maxbytes=0\npidfile="
						+ work.resolve("pid") + "\n[program:app]\ncommand=" + program.replace("%", "%%")
						+ "\nstartsecs=0\nredirect_stderr=true\nstdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\n"
						+ settings + "\n");
		return config;
	}

	private static Path serviceDir(Path work, String timeoutKill) throws IOException {
		Path service = Files.createDirectories(work.resolve("service/app"));
		Path run = service.resolve("run");
		Files.writeString(run, "#!/bin/sh\nexec " + javaCommand() + "\n");
		Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
		if (!timeoutKill.isEmpty()) {
			Files.writeString(service.resolve("timeout-kill"), timeoutKill + "\n");
		}
		return service.getParent();
	}

	static String javaCommand() {
		return PidNamespace.java(List.of(), PROBE, Long.toString(SHUTDOWN_MILLIS))
			.stream()
			.map((arg) -> "'" + arg + "'")
			.collect(Collectors.joining(" "));
	}

	static String tool(String name) {
		for (String path : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
			Path candidate = Path.of(path, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		for (String path : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
			Path candidate = Path.of(path, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		Capability.missing(name + " is not installed",
				"Install: " + Capability.asRoot("apt-get install -y " + PACKAGES.getOrDefault(name, name)));
		return name;
	}

	private static void script(String name, String body) throws IOException {
		String header = "#!/bin/sh\nJAVA='" + PidNamespace.javaBinary() + "'\nCP='"
				+ System.getProperty("java.class.path") + "'\n";
		Path path = dir.resolve(name);
		Files.writeString(path, header + body + "\n");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
