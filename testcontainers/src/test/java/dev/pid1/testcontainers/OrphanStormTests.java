package dev.pid1.testcontainers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrphanStorm}'s scripts and the zombie count.
 *
 * @author pid1 authors
 */
class OrphanStormTests {

	@Test
	void countsOnlyZombies() {
		assertThat(OrphanStormRunner.countZombies("S\nR\nZ\nZ\nS\n")).isEqualTo(2);
		assertThat(OrphanStormRunner.countZombies("")).isZero();
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theStateScriptReadsEveryProcessFromProc() throws Exception {
		String out = sh(OrphanStorm.STATES);
		assertThat(out.lines()).isNotEmpty().allSatisfy((state) -> assertThat(state).matches("[RSDZTtWXxIKP]"));
		long processes;
		try (var pids = Files.list(Path.of("/proc"))) {
			processes = pids.filter((path) -> path.getFileName().toString().matches("\\d+")).count();
		}
		// Processes come and go meanwhile: about as many as /proc lists.
		assertThat((long) out.lines().toList().size()).isCloseTo(processes, org.assertj.core.data.Offset.offset(20L));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theStormScriptRunsInAPosixShell() throws Exception {
		assertThat(OrphanStorm.of(5).script()).contains("n=5");
		sh(OrphanStorm.of(5).script());
	}

	private static String sh(String script) throws Exception {
		Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(out).isZero();
		return out;
	}

}
