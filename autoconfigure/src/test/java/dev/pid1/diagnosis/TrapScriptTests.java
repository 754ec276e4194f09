package dev.pid1.diagnosis;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.pid1.diagnosis.TrapScript.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The trap patterns of real entrypoint scripts; each outcome's behaviour is measured in
 * {@link SignalPathNamespaceTests}.
 */
class TrapScriptTests {

	@Test
	void waitingOnceIsCutShort() {
		assertThat(
				TrapScript.analyze("java -jar app.jar &\npid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\nexit $?"))
			.isEqualTo(Outcome.WAITS_ONCE);
	}

	@Test
	void waitingTwiceKeepsTheJvm() {
		assertThat(TrapScript.analyze(
				"java -jar app.jar & pid=$!\ntrap 'kill -TERM $pid' TERM INT\nwait $pid\ntrap - TERM INT\nwait $pid\n"))
			.isEqualTo(Outcome.RELAYS_AND_WAITS);
	}

	@Test
	void aHandlerFunctionThatWaitsKeepsTheJvm() {
		assertThat(TrapScript.analyze("function term_handler {\n  kill -SIGTERM \"$pid\"\n  wait \"$pid\"\n}\n"
				+ "trap term_handler SIGTERM\njava -jar app.jar &\npid=\"$!\"\nwait \"$pid\"\n"))
			.isEqualTo(Outcome.RELAYS_AND_WAITS);
	}

	@Test
	void aHandlerThatExitsIsCutShort() {
		assertThat(TrapScript.analyze("_term() { kill -TERM \"$child\"; exit 143; }\ntrap _term 15\n"
				+ "java -jar app.jar & child=$!\nwait \"$child\"; wait \"$child\"\n"))
			.isEqualTo(Outcome.EXITS_IN_TRAP);
	}

	@Test
	void waitingInALoopKeepsTheJvm() {
		assertThat(TrapScript.analyze("java & pid=$!\ntrap 'kill $pid' TERM\nwhile kill -0 $pid; do wait $pid; done"))
			.isEqualTo(Outcome.RELAYS_AND_WAITS);
	}

	@Test
	void theSampleImagesTrapScriptWaitsAgain() throws Exception {
		// From autoconfigure/ or compatibility/boot41-autoconfigure/ (which runs these
		// tests against Spring Boot 4.1): the checkout's docker/scripts.
		Path script = Path.of("").toAbsolutePath();
		while (script != null && !Files.isReadable(script.resolve("docker/scripts/start-trap.sh"))) {
			script = script.getParent();
		}
		assumeTrue(script != null, "run from a module of a checkout");
		script = script.resolve("docker/scripts/start-trap.sh");
		assertThat(TrapScript.analyze(Files.readString(script))).isEqualTo(Outcome.RELAYS_AND_WAITS);
	}

	@Test
	void aForegroundJvmNeverSeesTheTrap() {
		assertThat(TrapScript.analyze("trap 'kill -TERM $pid' TERM\njava -jar app.jar\n"))
			.isEqualTo(Outcome.FOREGROUND);
	}

	@Test
	void commentsAndOtherTrapsAreNotATermTrap() {
		assertThat(TrapScript.analyze("# trap 'kill $pid' TERM\ntrap cleanup EXIT\njava & wait"))
			.isEqualTo(Outcome.UNREADABLE);
	}

}
