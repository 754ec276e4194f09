package dev.pid1.sample.container;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.pid1.testcontainers.OrphanStorm;
import dev.pid1.testcontainers.Pid1Kit;
import dev.pid1.testcontainers.ReapingReport;
import dev.pid1.testcontainers.StartupReport;
import dev.pid1.testcontainers.Verdict;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample app's executable jar as PID 1 of a hardened container: a read-only root file
 * system and a {@code noexec} tmpfs at {@code /tmp}, as {@code docker run --read-only
 * --tmpfs /tmp} makes it (and a Kubernetes pod with {@code readOnlyRootFilesystem: true}
 * and a noexec volume at {@code /tmp}). JNA cannot load its native library there, so pid1
 * cannot reap; the JVM is PID 1, so every orphan stays a zombie, and pid1 must say so.
 * The positive twin: the same container with the documented fix reaps the storm.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class HardenedPodContainerTests {

	private static final int ORPHANS = 300;

	@Test
	void pid1ThatCannotReapWarnsWithTheCauseAndTheFix() throws Exception {
		try (SampleApp app = hardened("hardened-noexec-tmp", Map.of(), Map.of())) {
			assertThat(app.execInContainer("sh", "-c", "grep ' /tmp ' /proc/mounts").getStdout())
				.as("the setup: /tmp is a noexec tmpfs")
				.contains("noexec");
			Pid1Kit kit = app.pid1();
			StartupReport startup = kit.startup();
			ReapingReport storm = kit.orphanStorm(OrphanStorm.of(ORPHANS).zombieTimeout(Duration.ofSeconds(3)));
			String line = startupLine(kit);
			System.out.println("hardened-noexec-tmp: " + line + "\n" + storm.summary());

			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(storm.zombiesLeft()).as("the JVM is PID 1 and cannot reap").isEqualTo(ORPHANS);
			// The startup verdict: SIGTERM still works, and the line is a warning that
			// lists the problem with JNA's fix.
			assertThat(startup.verdict()).isEqualTo(Verdict.GRACEFUL);
			assertThat(line).as("the startup verdict is a warning").contains(" WARN ");
			assertThat(line).contains("zombies: NOT REAPED - this JVM is PID 1 and cannot reap")
				.contains("Fix: give JNA an exec-mountable directory");
			assertThat(kit.logs()).as("the reaper's own line")
				.containsPattern(" WARN .*pid1: cannot reap zombies as PID 1: JNA could not load its native library: "
						+ "noexec temp dir \\(UnsatisfiedLinkError: /tmp/jna[0-9]+\\.tmp");
			// /actuator/pid1: the reaper inactive, with the cause and the fix.
			assertThat(startup.source()).isEqualTo(StartupReport.Source.ENDPOINT);
			assertThat(startup.reaper()).isNotNull();
			assertThat(startup.reaper().active()).isFalse();
			assertThat(startup.reapingProblem())
				.startsWith("JNA could not load its native library: noexec temp dir (UnsatisfiedLinkError: /tmp/jna")
				.contains("failed to map segment from shared object")
				.contains("Fix: give JNA an exec-mountable directory")
				.contains("-Djna.tmpdir")
				.contains("~/.cache/JNA/temp");
			// The kit's report.
			assertThat(startup.problems()).anySatisfy((problem) -> assertThat(problem)
				.startsWith("pid1 does not reap zombies: JNA could not load its native library: noexec temp dir"));
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(storm).leftNoZombies())
				.withMessageContaining(ORPHANS + " zombies were left after an orphan storm of " + ORPHANS)
				.withMessageContaining("Why: pid1 does not reap zombies: JNA could not load its native library")
				.withMessageContaining("-Djna.tmpdir");
		}
	}

	/**
	 * The documented fixes: an exec-mountable directory for JNA, named by jna.tmpdir, or
	 * one where JNA looks before java.io.tmpdir ({@code ~/.cache/JNA/temp}; root's home
	 * here).
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			hardened-jna-tmpdir | -Djna.tmpdir=/var/cache/jna | /var/cache/jna
			hardened-home-cache |                             | /root/.cache
			""")
	void withAnExecMountableDirectoryForJnaTheSameContainerReapsTheStorm(String name, String options,
			String directory) {
		Map<String, String> env = (options != null) ? Map.of("JAVA_TOOL_OPTIONS", options) : Map.of();
		try (SampleApp app = hardened(name, env, Map.of(directory, "rw,exec,nosuid,nodev,size=16m"))) {
			assertThat(app.pid1().startup()).isGraceful();
			ReapingReport storm = app.pid1().orphanStorm(OrphanStorm.of(ORPHANS));
			System.out.println(name + ": " + storm.summary());

			assertThat(storm).leftNoZombies();
			assertThat(storm.reaped()).isGreaterThanOrEqualTo(ORPHANS);
			assertThat(app.pid1().startup().reapingProblem()).isNull();
		}
	}

	/**
	 * Docker's {@code --read-only --tmpfs /tmp} (noexec, as Docker mounts it), plus the
	 * given mounts.
	 */
	private static SampleApp hardened(String name, Map<String, String> env, Map<String, String> mounts) {
		return hardened(ContainerEngine.image("jvm-pid1"), name, env, mounts);
	}

	/**
	 * An image in the hardened container: Docker's {@code --read-only --tmpfs /tmp}, plus
	 * the given mounts.
	 */
	static SampleApp hardened(String image, String name, Map<String, String> env, Map<String, String> mounts) {
		Map<String, String> tmpfs = new LinkedHashMap<>();
		tmpfs.put("/tmp", "rw,noexec,nosuid,nodev");
		tmpfs.putAll(mounts);
		return SampleApp.startImage(image, name, env,
				(cmd) -> cmd.getHostConfig().withReadonlyRootfs(true).withTmpFs(tmpfs));
	}

	/** pid1's startup verdict line, once logged (just after the endpoint answers). */
	private static String startupLine(Pid1Kit kit) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			String line = kit.logs()
				.lines()
				.filter((candidate) -> candidate.contains("pid1: ") && candidate.contains("; signal path "))
				.findFirst()
				.orElse(null);
			if (line != null || System.nanoTime() > deadline) {
				return String.valueOf(line);
			}
			Thread.sleep(100);
		}
	}

}
