package dev.pid1.reaping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pid1.test.NativeBackends;
import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper against real processes, with the JVM as PID 1 of a fresh PID namespace (or
 * below one, for the subreaper): no mock of the kernel anywhere.
 *
 * @author pid1 authors
 */
class ReaperNamespaceTests {

	private static final String ADD_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

	private static final long TIMEOUT = 120_000;

	@TempDir
	Path temp;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void platformPrimitivesPeekAwaitAndReapExactlyTheJudgedZombie(String backend) throws Exception {
		NativeBackends.assumeAvailable(backend);
		String output = run(List.of(backend(backend)), "primitives");
		assertThat(output).contains("BACKEND " + backend).contains("PRIMITIVES DONE").doesNotContain("CHECK FAIL");
		assertThat(output.lines().filter((line) -> line.startsWith("CHECK OK"))).hasSize(28);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void orphanStormLeavesNoZombieInExactMode(String backend) throws Exception {
		NativeBackends.assumeAvailable(backend);
		String output = run(List.of(ADD_OPENS, backend(backend)), "storm", "exact", "2000");
		assertThat(output).contains("BACKEND " + backend).contains("MODE EXACT");
		assertThat(result(output, "zombies")).isZero();
		assertThat(result(output, "reaped")).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void orphanStormLeavesNoZombieInSafeMode() throws Exception {
		// Without --add-opens, auto falls back to safe mode and says how to get exact
		// mode.
		String output = run(List.of(), "storm", "auto", "2000");
		assertThat(output).contains("MODE SAFE").contains("--add-opens java.base/java.lang=ALL-UNNAMED");
		assertThat(result(output, "zombies")).isZero();
		assertThat(result(output, "reaped")).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void orphanStormLeavesAllZombiesWhenReapingIsOff() throws Exception {
		String output = run(List.of(), "storm", "off", "2000");
		assertThat(result(output, "zombies")).isGreaterThanOrEqualTo(2000);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "FFM", "JNA" })
	void everyExitCodeIsRightUnderAnOrphanStormInExactMode(String backend) throws Exception {
		NativeBackends.assumeAvailable(backend);
		String output = run(List.of(ADD_OPENS, backend(backend)), "exitcodes", "exact", "1000", "1000");
		assertThat(output).contains("BACKEND " + backend).contains("MODE EXACT");
		assertThat(result(output, "checked")).isEqualTo(1000);
		assertThat(result(output, "wrong")).as(output).isZero();
		assertThat(result(output, "zombies")).isZero();
		assertThat(result(output, "reaped")).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void everyExitCodeIsRightUnderAnOrphanStormInSafeMode() throws Exception {
		String output = run(List.of(ADD_OPENS), "exitcodes", "safe", "1000", "1000");
		assertThat(output).contains("MODE SAFE");
		assertThat(result(output, "checked")).isEqualTo(1000);
		assertThat(result(output, "wrong")).as(output).isZero();
		assertThat(result(output, "zombies")).isZero();
		assertThat(result(output, "reaped")).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void subreaperReapsTheOrphansOfItsDescendantsWhenNotPid1() throws Exception {
		String output = runBelowInit("always");
		assertThat(output).contains("as a child subreaper");
		assertThat(result(output, "active")).isEqualTo(1);
		assertThat(result(output, "zombies")).isZero();
		assertThat(result(output, "reaped")).isGreaterThanOrEqualTo(500);
	}

	@Test
	void withoutSubreaperTheOrphansPileUpUnderAnInitThatDoesNotReap() throws Exception {
		String output = runBelowInit("never");
		assertThat(output).contains("neither PID 1 nor a child subreaper");
		assertThat(result(output, "zombies")).isGreaterThanOrEqualTo(500);
	}

	/** PID 1 is {@code sleep}, which never waits: the JVM is its child, PID 2. */
	private String runBelowInit(String policy) throws Exception {
		List<String> java = PidNamespace.java(options(List.of()), ReaperHarness.class.getName(), "subreaper", policy,
				"500");
		String command = String.join(" ", java.stream().map(ReaperNamespaceTests::quote).toList());
		Path log = this.temp.resolve("subreaper-" + policy + ".log");
		try (PidNamespace.Namespace namespace = PidNamespace.start(List.of("sh", "-c", command + " & exec sleep 600"),
				log)) {
			assertThat(namespace.awaitOutput("RESULT", TIMEOUT)).as(namespace.output()).isTrue();
			return namespace.output();
		}
	}

	private String run(List<String> jvmOptions, String... args) throws Exception {
		Path log = this.temp.resolve(String.join("-", args) + ".log");
		try (PidNamespace.Namespace namespace = PidNamespace
			.start(PidNamespace.java(options(jvmOptions), ReaperHarness.class.getName(), args), log)) {
			Integer exit = namespace.waitFor(TIMEOUT);
			String output = namespace.output();
			assertThat(exit).as(output).isEqualTo(0);
			return output;
		}
	}

	static List<String> options(List<String> extra) {
		List<String> options = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx128m"));
		if (Runtime.version().feature() >= 22) {
			options.add("--enable-native-access=ALL-UNNAMED");
		}
		options.addAll(extra);
		return options;
	}

	private static String backend(String backend) {
		return "-Dpid1.native.backend=" + backend.toLowerCase();
	}

	private static String quote(String argument) {
		return "'" + argument.replace("'", "'\\''") + "'";
	}

	static long result(String output, String key) {
		Matcher matcher = Pattern.compile("RESULT .*\\b" + key + "=(\\w+)").matcher(output);
		assertThat(matcher.find()).as("RESULT with " + key + " in:%n%s", output).isTrue();
		String value = matcher.group(1);
		return switch (value) {
			case "true" -> 1;
			case "false" -> 0;
			default -> Long.parseLong(value);
		};
	}

	static String read(Path file) throws Exception {
		return Files.exists(file) ? Files.readString(file) : "";
	}

}
