package dev.pid1.diagnosis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.platform.FakeProc;

import static dev.pid1.platform.Signals.SIGINT;
import static dev.pid1.platform.Signals.SIGTERM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shapes from a {@code /proc} fixture: the tools that are not Debian packages (the Cloud
 * Native Buildpacks launcher, Jib, Kubernetes' pause, s6-overlay), and pid1's default
 * shutdown budget against the kill timeouts of the tools that are (their behaviour runs
 * for real in {@link SignalPathNamespaceTests}).
 */
class SignalPathFixtureTests {

	private static final List<Integer> JVM_SIGNALS = List.of(SIGINT, SIGTERM, 1, 3);

	private static final ShutdownBudget DEFAULTS = ProcessDiagnostics.DEFAULT_BUDGET;

	@TempDir
	Path root;

	@Test
	void pid1sDefaultBudgetDoesNotFitSupervisordsDefaultStopWait() throws Exception {
		Path config = this.root.resolve("supervisord.conf");
		Files.writeString(config, "[supervisord]\nnodaemon=true\n[include]\nfiles = conf.d/*.conf\n");
		Files.createDirectories(this.root.resolve("conf.d"));
		Files.writeString(this.root.resolve("conf.d/app.conf"),
				"[program:app]\ncommand=java -jar /app/app.jar\nautorestart=true\n");
		Files.writeString(this.root.resolve("conf.d/nginx.conf"),
				"[program:nginx]\ncommand=nginx -g 'daemon off;'\nstopwaitsecs=1\n");
		FakeProc proc = new FakeProc(this.root.resolve("proc"))
			.process(1, 0, 1, List.of("/usr/bin/python3", "/usr/bin/supervisord", "-n", "-c", config.toString()),
					List.of(SIGTERM), List.of(), Map.of())
			.process(7, 1, 7, List.of("java", "-jar", "/app/app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 7, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.hops().get(0).name()).isEqualTo("supervisord");
		assertThat(path.hops().get(0).kind()).isEqualTo(Kind.SUPERVISOR);
		assertThat(path.hops().get(0).flags()).containsExactly("[program:app]");
		assertThat(path.killBudget().killAfter()).isEqualTo(Duration.ofSeconds(10));
		assertThat(path.killBudget().fits()).isFalse();
		assertThat(path.explanation()).contains("drain up to 20 s + in-flight requests up to 30 s")
			.contains("= 53 s) > 10 s")
			.contains("[program:app] in " + this.root.resolve("conf.d/app.conf"));
		assertThat(path.fix()).startsWith("set stopwaitsecs=53 (or more) in the [program:app]");
	}

	@Test
	void aLongEnoughStopWaitFitsAndTheEndpointShowsTheArithmetic() throws Exception {
		Path config = this.root.resolve("supervisord.conf");
		Files.writeString(config, "[program:app]\ncommand=java -jar /app/app.jar\nstopwaitsecs=60\n");
		FakeProc proc = new FakeProc(this.root.resolve("proc"))
			.process(1, 0, 1, List.of("/usr/bin/python3", "/usr/bin/supervisord", "-c", config.toString()),
					List.of(SIGTERM), List.of(), Map.of())
			.process(7, 1, 7, List.of("java", "-jar", "/app/app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 7, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(path.killBudget().fits()).isTrue();
		assertThat(path.killBudget().arithmetic()).contains("= 53 s) <= 60 s");
		assertThat(path.hops().get(0).killAfter()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void runuserKillsTwoSecondsAfterRelaying() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("runuser", "-u", "app", "--", "java", "-jar", "app.jar"), List.of(SIGTERM),
					List.of(), Map.of())
			.process(2, 1, 2, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 2, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.hops().get(0).kind()).isEqualTo(Kind.RELAY);
		assertThat(path.explanation()).contains("SIGKILLs it 2 s later").contains("= 53 s) > 2 s");
		assertThat(path.fix()).contains("setpriv").contains("gosu");
	}

	@Test
	void theCnbLauncherAndJibExecTheJvm() {
		FakeProc proc = new FakeProc(this.root).process(1, 0, 1,
				List.of("java", "org.springframework.boot.loader.launch.JarLauncher"), JVM_SIGNALS, List.of(),
				Map.of("CNB_LAYERS_DIR", "/layers", "CNB_APP_DIR", "/workspace"));
		assertThat(analyze(proc, 1, DEFAULTS).verdict()).isEqualTo(Verdict.GRACEFUL);
		FakeProc jib = new FakeProc(this.root.resolve("jib")).process(1, 0, 1,
				List.of("java", "-cp", "@/app/jib-classpath-file", "com.example.Application"), JVM_SIGNALS, List.of(),
				Map.of());
		assertThat(analyze(jib, 1, DEFAULTS).verdict()).isEqualTo(Verdict.GRACEFUL);
	}

	@Test
	void aCnbLauncherThatStaysAliveAndCatchesTermCannotBeJudged() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/cnb/lifecycle/launcher", "web"), List.of(SIGTERM), List.of(), Map.of())
			.process(9, 1, 9, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		assertThat(analyze(proc, 9, DEFAULTS).verdict()).isEqualTo(Verdict.UNKNOWN);
	}

	@Test
	void aJvmStartedFromOutsideASharedNamespaceIsSignalledItself() {
		// Kubernetes shareProcessNamespace: PID 1 is pause; the JVM's parent (the
		// runtime's shim) is outside the namespace.
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/pause"), List.of(SIGINT, SIGTERM), List.of(), Map.of())
			.process(7, 0, 7, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 7, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(path.hops()).extracting(Hop::pid).containsExactly(7L);
		assertThat(path.explanation()).contains("shares with PID 1 (`pause`)");
	}

	@Test
	void aShellStartedFromOutsideASharedNamespaceDiesOfTheSignal() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/pause"), List.of(SIGINT, SIGTERM), List.of(), Map.of())
			.process(7, 0, 7, List.of("/bin/sh", "-c", "java -jar /app/app.jar; echo done"), List.of(), List.of(),
					Map.of())
			.process(8, 7, 7, List.of("java", "-jar", "/app/app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 8, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.explanation()).contains("`sh` (pid 7) dies of SIGTERM at once")
			.contains("the runtime then stops the container");
		assertThat(path.fix()).contains("in the inline command of `sh -c`").doesNotContain("app.jar");
	}

	@Test
	void s6TakesTermFromASignalfdAndHonoursTimeoutKill() throws Exception {
		Path service = Files.createDirectories(this.root.resolve("run/service/app"));
		Files.writeString(service.resolve("timeout-kill"), "5000\n");
		FakeProc proc = new FakeProc(this.root.resolve("proc"))
			.process(1, 0, 1, List.of("s6-svscan", "/run/service"), List.of(), List.of(), Map.of())
			.process(20, 1, 20, List.of("s6-supervise", "app"), List.of(), List.of(), Map.of())
			.process(21, 20, 21, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		blockTerm(1);
		blockTerm(20);
		Files.createSymbolicLink(this.root.resolve("proc/20/cwd"), service);
		SignalPath path = analyze(proc, 21, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.killBudget().killAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(path.fix()).startsWith("raise timeout-kill to 53000");
	}

	@Test
	void s6OverlayKillsALegacyServiceAfterItsGraceTimes() throws Exception {
		Path service = Files.createDirectories(this.root.resolve("run/s6/legacy-services/app"));
		FakeProc proc = new FakeProc(this.root.resolve("proc"))
			.process(1, 0, 1, List.of("/package/admin/s6/command/s6-svscan", "-d4", "--", "/run/service"),
					List.of(SIGTERM), List.of(), Map.of("S6_KILL_GRACETIME", "5000"))
			.process(20, 1, 20, List.of("s6-supervise", "app"), List.of(SIGTERM), List.of(), Map.of())
			.process(21, 20, 21, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		Files.createSymbolicLink(this.root.resolve("proc/20/cwd"), service);
		SignalPath path = analyze(proc, 21, DEFAULTS);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.hops().get(0).flags()).containsExactly("s6-overlay");
		assertThat(path.killBudget().killAfter()).isEqualTo(Duration.ofSeconds(8));
		assertThat(path.killBudget().source()).contains("S6_SERVICES_GRACETIME (3000 ms)")
			.contains("S6_KILL_GRACETIME (5000 ms)");
		assertThat(path.fix()).startsWith("raise S6_SERVICES_GRACETIME and S6_KILL_GRACETIME");
	}

	@Test
	void inlineCommandsAreReadAsDashC() {
		for (List<String> argv : List.of(List.of("bash", "-lc", "cd /opt/app/run-as-pid1.sh; java -jar app.jar"),
				List.of("sh", "-ec", "java -jar /app/run-as-pid1.sh"),
				List.of("bash", "-o", "pipefail", "-c", "java -jar /app/app.jar | tee /tmp/log"),
				List.of("bash", "-euo", "pipefail", "-c", "java -jar /app/app.jar; echo done"))) {
			FakeProc proc = new FakeProc(this.root.resolve(String.valueOf(argv.hashCode())))
				.process(1, 0, 1, List.of("tini", "--", "bash"), List.of(SIGTERM), List.of(), Map.of())
				.process(2, 1, 2, argv, List.of(), List.of(), Map.of())
				.process(3, 2, 2, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
			SignalPath path = analyze(proc, 3, DEFAULTS);
			assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
			assertThat(path.fix()).contains("in the inline command of `" + argv.get(0) + " ")
				.doesNotContain("run-as-pid1")
				.doesNotContain("app.jar");
		}
	}

	private void blockTerm(long pid) throws Exception {
		Path status = this.root.resolve("proc/" + pid + "/status");
		Files.writeString(status,
				Files.readString(status).replace("SigBlk:\t0000000000000000", "SigBlk:\t0000000000004000"));
	}

	private SignalPath analyze(FakeProc proc, long jvmPid, ShutdownBudget budget) {
		return new SignalPathAnalyzer(proc.procFs(), false, budget).analyze(jvmPid, List.of(), true);
	}

}
