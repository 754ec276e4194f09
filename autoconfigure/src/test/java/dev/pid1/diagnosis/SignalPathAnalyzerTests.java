package dev.pid1.diagnosis;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * The cases that are hard to stage for real (job control, unknown inits, supervisors,
 * environment switches). The common cases run for real in
 * {@link SignalPathNamespaceTests}.
 */
class SignalPathAnalyzerTests {

	private static final List<Integer> JVM_SIGNALS = List.of(SIGINT, SIGTERM, 1, 3);

	@TempDir
	Path root;

	@Test
	void groupRelayMissesAJvmInAnotherProcessGroupAndTheShellDies() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/usr/bin/dumb-init", "bash"), List.of(SIGTERM), List.of(), Map.of())
			.process(2, 1, 2, List.of("bash", "run.sh"), List.of(), List.of(), Map.of())
			.process(3, 2, 3, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 3);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.breakingPid()).isEqualTo(2);
		assertThat(path.hops()).extracting(Hop::receivesTerm).containsExactly(true, true, false);
		assertThat(path.fix()).contains("exec java").contains("run.sh");
	}

	@Test
	void aTrapScriptThatCannotBeReadIsUnknownEvenBehindAGroupRelay() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("tini", "-g", "--", "sh", "run.sh"), List.of(SIGTERM), List.of(), Map.of())
			.process(2, 1, 2, List.of("sh", "run.sh"), List.of(SIGTERM), List.of(), Map.of())
			.process(3, 2, 2, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 3);
		assertThat(path.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(path.hops().get(0).kind()).isEqualTo(Kind.INIT_GROUP);
		assertThat(path.hops().get(0).flags()).containsExactly("-g");
		assertThat(path.explanation()).contains("cannot read run.sh");
		assertThat(path.fix()).contains("trap - TERM INT; wait $pid");
	}

	@Test
	void aTrapScriptThatWaitsOnceIsCutShortWithTheTwoWaitFix() throws Exception {
		Path script = this.root.resolve("entrypoint.sh");
		Files.writeString(script, "#!/bin/sh\n_term() {\n  echo \"Caught SIGTERM\"\n  kill -TERM \"$child\"\n}\n"
				+ "trap _term SIGTERM\njava -jar app.jar &\nchild=$!\nwait \"$child\"\n");
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/bin/sh", script.toString()), List.of(SIGTERM), List.of(), Map.of())
			.process(2, 1, 1, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 2);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.breakingPid()).isEqualTo(1);
		assertThat(path.explanation()).contains("exits without waiting for this JVM again");
		assertThat(path.fix()).contains("in entrypoint.sh").contains("trap - TERM INT; wait $pid");
	}

	@Test
	void tiniKillProcessGroupVariableCountsAsGroupMode() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("tini", "--", "sh", "run.sh"), List.of(SIGTERM), List.of(),
					Map.of("TINI_KILL_PROCESS_GROUP", "1", "DB_PASSWORD", "secret"))
			.process(2, 1, 2, List.of("sh", "run.sh"), List.of(), List.of(), Map.of())
			.process(3, 2, 2, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 3);
		assertThat(path.verdict()).isEqualTo(Verdict.CUT_SHORT);
		assertThat(path.hops().get(0).kind()).isEqualTo(Kind.INIT_GROUP);
		assertThat(path.hops().get(0).flags()).containsExactly("TINI_KILL_PROCESS_GROUP");
		assertThat(path.hops()).extracting(Hop::receivesTerm).containsExactly(true, true, true);
		assertThat(path.toString()).doesNotContain("secret");
	}

	@Test
	void dumbInitSetsidOffRelaysToTheChildOnly() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("dumb-init", "java", "-jar", "app.jar"), List.of(SIGTERM), List.of(),
					Map.of("DUMB_INIT_SETSID", "0"))
			.process(2, 1, 1, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 2);
		assertThat(path.verdict()).isEqualTo(Verdict.GRACEFUL);
		assertThat(path.hops().get(0).kind()).isEqualTo(Kind.INIT_CHILD);
		assertThat(path.hops().get(0).flags()).containsExactly("DUMB_INIT_SETSID=0");
	}

	@Test
	void anUnknownPid1ThatCatchesTermCannotBeJudged() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/opt/vendor/run-forever", "-n"), List.of(SIGTERM), List.of(), Map.of())
			.process(2, 1, 2, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 2);
		assertThat(path.verdict()).isEqualTo(Verdict.UNKNOWN);
		assertThat(path.breakingPid()).isEqualTo(1);
		assertThat(path.explanation()).contains("`run-forever` (pid 1) catches SIGTERM");
	}

	@Test
	void anUnknownPid1WithoutHandlerDropsTheSignal() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/app/launcher"), List.of(), List.of(), Map.of())
			.process(2, 1, 1, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		SignalPath path = analyze(proc, 2);
		assertThat(path.verdict()).isEqualTo(Verdict.DROPPED);
		assertThat(path.explanation()).contains("PID 1 with no SIGTERM handler");
		assertThat(path.fix()).contains("exec form ENTRYPOINT");
	}

	@Test
	void s6SupervisionStopsServicesAndWaits() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("s6-svscan", "-t0", "/run/service"), List.of(SIGTERM), List.of(), Map.of())
			.process(20, 1, 20, List.of("s6-supervise", "app"), List.of(SIGTERM), List.of(), Map.of())
			.process(21, 20, 21, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		assertThat(analyze(proc, 21).verdict()).isEqualTo(Verdict.GRACEFUL);
	}

	@Test
	void aJvmThatInheritedTermAsIgnoredNeverShutsDown() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("tini", "--", "java"), List.of(SIGTERM), List.of(), Map.of())
			.process(2, 1, 2, List.of("java", "-jar", "app.jar"), List.of(SIGINT), List.of(SIGTERM), Map.of());
		SignalPath path = analyze(proc, 2);
		assertThat(path.verdict()).isEqualTo(Verdict.DROPPED);
		assertThat(path.explanation()).contains("inherited SIGTERM as ignored");
	}

	@Test
	void theHostsInitOutsideAContainerIsNotAStopPath() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/sbin/init", "splash"), List.of(SIGTERM), List.of(), Map.of())
			.process(900, 1, 900, List.of("java", "-jar", "app.jar"), JVM_SIGNALS, List.of(), Map.of());
		assertThat(analyze(proc, 900).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
		assertThat(new SignalPathAnalyzer(proc.procFs(), false).analyze(900, List.of(), true).verdict())
			.as("in a container, init is just another unknown PID 1")
			.isEqualTo(Verdict.UNKNOWN);
	}

	@Test
	void commandLinesAreShownOnlyWhenAllowed() {
		FakeProc proc = new FakeProc(this.root).process(1, 0, 1,
				List.of("java", "-Dspring.datasource.password=hunter2", "-jar", "app.jar"), JVM_SIGNALS, List.of(),
				Map.of());
		assertThat(analyze(proc, 1).hops().get(0).command()).isNull();
		assertThat(analyze(proc, 1).toString()).doesNotContain("hunter2");
		assertThat(new SignalPathAnalyzer(proc.procFs(), true).analyze(1, List.of(), true).hops().get(0).command())
			.isEqualTo("java -Dspring.datasource.password=hunter2 -jar app.jar");
	}

	@Test
	void xrsIsNamedInTheVerdictAndTheFix() {
		FakeProc proc = new FakeProc(this.root).process(1, 0, 1, List.of("java", "-Xrs", "-jar", "app.jar"), List.of(),
				List.of(), Map.of());
		SignalPath path = new SignalPathAnalyzer(proc.procFs(), false).analyze(1, List.of("-Xrs"), true);
		assertThat(path.verdict()).isEqualTo(Verdict.DROPPED);
		assertThat(path.explanation()).contains("started with -Xrs");
		assertThat(path.fix()).isEqualTo("remove -Xrs from the JVM options");
	}

	private SignalPath analyze(FakeProc proc, long jvmPid) {
		return new SignalPathAnalyzer(proc.procFs(), false).analyze(jvmPid, List.of(), false);
	}

}
