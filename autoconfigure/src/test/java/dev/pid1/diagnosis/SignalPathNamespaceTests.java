package dev.pid1.diagnosis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
 * namespace: the verdict the JVM gives at startup must be what then happens when PID 1
 * gets SIGTERM, as {@code docker stop} and the kubelet send it.
 */
class SignalPathNamespaceTests {

	/** What an orchestrator waits after SIGTERM before it SIGKILLs (docker: 10 s). */
	private static final long GRACE_MILLIS = 6_000;

	private static final long SHUTDOWN_MILLIS = 1_500;

	@TempDir
	static Path dir;

	@BeforeAll
	static void writeScripts() throws IOException {
		script("start.sh",
				"\"$JAVA\" $JAVA_OPTS -cp \"$CP\" " + SignalPathProbe.class.getName() + " " + SHUTDOWN_MILLIS);
		script("start-exec.sh",
				"exec \"$JAVA\" $JAVA_OPTS -cp \"$CP\" " + SignalPathProbe.class.getName() + " " + SHUTDOWN_MILLIS);
		script("start-trap.sh", "\"$JAVA\" -cp \"$CP\" " + SignalPathProbe.class.getName() + " " + SHUTDOWN_MILLIS
				+ " &\nchild=$!\ntrap 'kill -TERM $child' TERM INT\nwait $child\ntrap - TERM INT\nwait $child");
	}

	static Stream<Arguments> paths() {
		return Stream.of(Arguments.of("java as PID 1", List.of("JAVA"), Verdict.GRACEFUL),
				Arguments.of("sh start.sh without exec", List.of("sh", "SCRIPT:start.sh"), Verdict.DROPPED),
				Arguments.of("sh start.sh with exec", List.of("sh", "SCRIPT:start-exec.sh"), Verdict.GRACEFUL),
				Arguments.of("script that traps TERM and waits", List.of("sh", "SCRIPT:start-trap.sh"),
						Verdict.GRACEFUL),
				Arguments.of("tini -> java", List.of("/usr/bin/tini", "--", "JAVA"), Verdict.GRACEFUL),
				Arguments.of("tini -> sh -> java", List.of("/usr/bin/tini", "--", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				Arguments.of("tini -g -> sh -> java", List.of("/usr/bin/tini", "-g", "--", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				Arguments.of("dumb-init -> java", List.of("/usr/bin/dumb-init", "JAVA"), Verdict.GRACEFUL),
				Arguments.of("dumb-init -> sh -> java", List.of("/usr/bin/dumb-init", "sh", "SCRIPT:start.sh"),
						Verdict.CUT_SHORT),
				Arguments.of("java -Xrs as PID 1", List.of("JAVA", "-Xrs"), Verdict.DROPPED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("paths")
	void verdictMatchesWhatSigtermDoes(String name, List<String> template, Verdict expected) throws Exception {
		PidNamespace.assumeAvailable();
		List<String> command = command(template);
		Path log = Files.createTempFile(dir, "probe", ".log");
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
			assertThat(predicted).as("verdict at startup; output:%n%s", namespace.output()).isEqualTo(expected);
			assertThat(observed).as("what SIGTERM did; output:%n%s", namespace.output()).isEqualTo(expected);
		}
	}

	private static Verdict predicted(String output) {
		int at = output.indexOf(SignalPathProbe.VERDICT);
		String rest = output.substring(at + SignalPathProbe.VERDICT.length());
		return Verdict.valueOf(rest.lines().findFirst().orElseThrow().trim());
	}

	/**
	 * Graceful: the shutdown completed. Dropped: nothing happened until the
	 * orchestrator's SIGKILL. Cut short: the namespace went down on its own before the
	 * JVM's shutdown completed (often before it even started).
	 */
	private static Verdict observed(String output, boolean endedWithinGrace) {
		if (output.contains(SignalPathProbe.SHUTDOWN_COMPLETE)) {
			return Verdict.GRACEFUL;
		}
		return endedWithinGrace ? Verdict.CUT_SHORT : Verdict.DROPPED;
	}

	private static List<String> command(List<String> template) {
		List<String> command = new ArrayList<>();
		for (int i = 0; i < template.size(); i++) {
			String part = template.get(i);
			if (part.startsWith("/usr/bin/")) {
				Capability.requireExecutable(part, "tini dumb-init");
			}
			if (part.equals("JAVA")) {
				List<String> options = new ArrayList<>();
				while (i + 1 < template.size() && template.get(i + 1).startsWith("-X")) {
					options.add(template.get(++i));
				}
				command.addAll(
						PidNamespace.java(options, SignalPathProbe.class.getName(), Long.toString(SHUTDOWN_MILLIS)));
			}
			else if (part.startsWith("SCRIPT:")) {
				command.add(dir.resolve(part.substring("SCRIPT:".length())).toString());
			}
			else {
				command.add(part);
			}
		}
		return command;
	}

	private static void script(String name, String body) throws IOException {
		String header = "#!/bin/sh\nJAVA='" + PidNamespace.javaBinary() + "'\nCP='"
				+ System.getProperty("java.class.path") + "'\n";
		Path path = dir.resolve(name);
		Files.writeString(path, header + body + "\n");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
