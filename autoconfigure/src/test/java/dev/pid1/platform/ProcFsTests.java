package dev.pid1.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProcFsTests {

	@TempDir
	Path root;

	@Test
	void parsesStatWhoseCommandHasSpacesAndParentheses() {
		ProcessStat stat = ProcessStat
			.parse("42 (my (odd) cmd) Z 7 42 40 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 " + "987654 0 0\n");
		assertThat(stat).isEqualTo(new ProcessStat(42, "my (odd) cmd", 'Z', 7, 42, 40, 987654));
		assertThat(stat.isZombie()).isTrue();
	}

	@Test
	void rejectsWhatIsNotAStatLine() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProcessStat.parse("garbage"));
	}

	@Test
	void readsSignalMasksCommandLineAndEnvironment() {
		new FakeProc(this.root).process(5, 1, 5, List.of("/bin/sh", "start.sh"), List.of(Signals.SIGTERM),
				List.of(Signals.SIGINT, Signals.SIGQUIT), Map.of("A", "1"));
		ProcFs procFs = new ProcFs(this.root);
		SignalMasks masks = procFs.signalMasks(5).orElseThrow();
		assertThat(masks.catches(Signals.SIGTERM)).isTrue();
		assertThat(masks.catches(Signals.SIGINT)).isFalse();
		assertThat(masks.ignores(Signals.SIGINT)).isTrue();
		assertThat(masks.ignores(Signals.SIGQUIT)).isTrue();
		assertThat(procFs.cmdline(5)).containsExactly("/bin/sh", "start.sh");
		assertThat(procFs.environ(5)).contains(Map.of("A", "1"));
		assertThat(procFs.tasks(5)).containsExactly(5L);
	}

	@Test
	void aVanishedProcessIsAnEmptyAnswer() {
		ProcFs procFs = new ProcFs(this.root);
		assertThat(procFs.stat(99)).isEmpty();
		assertThat(procFs.signalMasks(99)).isEmpty();
		assertThat(procFs.cmdline(99)).isEmpty();
		assertThat(procFs.environ(99)).isEmpty();
		assertThat(procFs.allChildren(99)).isEmpty();
	}

	@Test
	void readsChildrenOfEveryTask() throws Exception {
		new FakeProc(this.root).process(5, 1, 5, List.of("java"), List.of(), List.of(), Map.of());
		Files.createDirectories(this.root.resolve("5/task/6"));
		Files.writeString(this.root.resolve("5/task/5/children"), "10 11 ");
		Files.writeString(this.root.resolve("5/task/6/children"), "12 ");
		assertThat(new ProcFs(this.root).allChildren(5)).containsExactlyInAnyOrder(10L, 11L, 12L);
	}

	@Test
	void readsTheRealProcOfThisJvm() {
		ProcFs procFs = new ProcFs();
		org.junit.jupiter.api.Assumptions.assumeTrue(procFs.isAvailable(), "no /proc here");
		long pid = ProcessHandle.current().pid();
		ProcessStat stat = procFs.stat(pid).orElseThrow();
		assertThat(stat.pid()).isEqualTo(pid);
		assertThat(stat.state()).isIn('R', 'S');
		assertThat(procFs.cmdline(pid)).isNotEmpty();
		// HotSpot installs its own SIGTERM handler unless started with -Xrs.
		assertThat(procFs.signalMasks(pid).orElseThrow().catches(Signals.SIGTERM)).isTrue();
	}

}
