package dev.pid1.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import dev.pid1.platform.UnsupportedPlatform.Cause;
import dev.pid1.test.NativeBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which backend runs, and why: FFM first on Java 22+ (x86_64, aarch64), JNA after it and
 * on Java 17-21, and what is said when one is passed over or fails.
 */
class BackendSelectionTests {

	private static final String FAKE = WorkingSyscalls.class.getName();

	private final ProcessPlatforms.Backend ffm = new ProcessPlatforms.Backend("FFM", NativeBackend.FFM, FAKE,
			Object.class.getName(), 22, "no FFM");

	private final ProcessPlatforms.Backend jna = new ProcessPlatforms.Backend("JNA", NativeBackend.JNA, FAKE,
			Object.class.getName(), 17, "no JNA");

	private final ProcessPlatforms.Backend absentJna = new ProcessPlatforms.Backend("JNA", NativeBackend.JNA, FAKE,
			"no.such.Jna", 17, "JNA is not on the classpath");

	private final ClassLoader loader = getClass().getClassLoader();

	@Test
	void onJava22AndLaterFfmRunsFirst() {
		NativePlatform platform = (NativePlatform) load(java(25), List.of(this.ffm, this.jna));
		assertThat(platform.backend()).isEqualTo(NativeBackend.FFM);
		assertThat(platform.choice()).isEqualTo("Java 25");
		assertThat(platform.support().backend()).isEqualTo(NativeBackend.FFM);
		assertThat(platform.description()).isEqualTo("FFM (Java 25), no pidfd (kernel before 5.4)");
	}

	@Test
	void onJava17To21JnaRunsAndTheReasonSaysFfmNeeds22() {
		NativePlatform platform = (NativePlatform) load(java(21), List.of(this.ffm, this.jna));
		assertThat(platform.backend()).isEqualTo(NativeBackend.JNA);
		assertThat(platform.choice()).isEqualTo("Java 21: FFM needs 22+");
		assertThat(platform.description()).startsWith("JNA (Java 21: FFM needs 22+)");
	}

	@Test
	void onAnotherArchitectureFfmIsRefusedNamingIt() {
		Map<String, String> properties = java(25);
		properties.put("os.arch", "riscv64");
		NativePlatform platform = (NativePlatform) load(properties, List.of(this.ffm, this.jna));
		assertThat(platform.backend()).isEqualTo(NativeBackend.JNA);
		assertThat(platform.choice()).isEqualTo("FFM: os.arch riscv64 is not supported (x86_64 and aarch64 only)");
		Map<String, String> arm = java(25);
		arm.put("os.arch", "aarch64");
		assertThat(((NativePlatform) load(arm, List.of(this.ffm, this.jna))).backend()).isEqualTo(NativeBackend.FFM);
	}

	@Test
	void whenFfmFailsJnaRunsAndSaysWhy() {
		ProcessPlatforms.Backend failing = new ProcessPlatforms.Backend("FFM", NativeBackend.FFM,
				DeniedSyscalls.class.getName(), Object.class.getName(), 22, "no FFM");
		NativePlatform platform = (NativePlatform) load(java(25), List.of(failing, this.jna));
		assertThat(platform.backend()).isEqualTo(NativeBackend.JNA);
		assertThat(platform.choice()).startsWith("FFM may not call native code: native access is denied")
			.contains("IllegalCallerException");
	}

	@Test
	void withNativeAccessDeniedAndNoJnaThePlatformIsInertWithTheFix() {
		ProcessPlatforms.Backend failing = new ProcessPlatforms.Backend("FFM", NativeBackend.FFM,
				DeniedSyscalls.class.getName(), Object.class.getName(), 22, "no FFM");
		ProcessPlatform platform = load(java(25), List.of(failing, this.absentJna));
		assertThat(platform).isInstanceOf(UnsupportedPlatform.class);
		assertThat(((UnsupportedPlatform) platform).cause()).isEqualTo(Cause.NATIVE_ACCESS);
		assertThat(platform.support().backend()).isEqualTo(NativeBackend.NONE);
		assertThat(platform.support().fix()).contains("Enable-Native-Access: ALL-UNNAMED")
			.contains("--enable-native-access=ALL-UNNAMED");
	}

	@Test
	void onJava17WithoutJnaTheReasonNamesBoth() {
		ProcessPlatform platform = load(java(17), List.of(this.ffm, this.absentJna));
		assertThat(((UnsupportedPlatform) platform).cause()).isEqualTo(Cause.NO_NATIVE_BACKEND);
		assertThat(platform.support().reason()).isEqualTo("JNA is not on the classpath; Java 17: FFM needs 22+");
		assertThat(platform.support().fix()).contains("Java 22+").contains("net.java.dev.jna:jna");
	}

	@Test
	void aForcedBackendIsTheOnlyOneTriedAndSaysSo() {
		assertThat(ProcessPlatforms.backends(NativeBackendMode.AUTO)).containsExactly(ProcessPlatforms.FFM,
				ProcessPlatforms.JNA);
		assertThat(ProcessPlatforms.backends(NativeBackendMode.JNA)).containsExactly(ProcessPlatforms.JNA);
		assertThat(ProcessPlatforms.backends(NativeBackendMode.FFM)).containsExactly(ProcessPlatforms.FFM);
		NativePlatform platform = (NativePlatform) ProcessPlatforms.load(java(25)::get, this.loader, List.of(this.jna),
				true);
		assertThat(platform.choice()).isEqualTo("Java 25, pid1.native.backend=jna");
	}

	@Test
	void thisJvmRunsFfmOn22AndLaterElseJna() {
		assumeTrue(NativeBackends.unavailableReason("JNA") == null, "JNA on the class path");
		NativePlatform platform = (NativePlatform) new PlatformLoader(this.loader).get(Duration.ofSeconds(30));
		int java = Runtime.version().feature();
		if (java >= 22) {
			assertThat(platform.backend()).isEqualTo(NativeBackend.FFM);
			assertThat(platform.description()).startsWith("FFM (Java " + java + ")");
		}
		else {
			assertThat(platform.backend()).isEqualTo(NativeBackend.JNA);
			assertThat(platform.description()).startsWith("JNA (Java " + java + ": FFM needs 22+)");
		}
	}

	@Test
	void onJava22AndLaterNoJnaIsNeeded() {
		NativeBackends.assumeAvailable("FFM");
		ProcessPlatform platform = new PlatformLoader(new FilteredClassLoader("com.sun.jna"))
			.get(Duration.ofSeconds(30));
		assertThat(platform).as(platform.support().reason()).isInstanceOf(NativePlatform.class);
		assertThat(((NativePlatform) platform).backend()).isEqualTo(NativeBackend.FFM);
	}

	@Test
	void inTheExecutionWithoutJnaJnaIsAbsentAndFfmRuns() {
		assumeTrue(Boolean.getBoolean("pid1.test.no-jna"), "the surefire execution without JNA (Java 22+)");
		assertThat(NativeBackends.unavailableReason("JNA")).as("JNA on the class path").isNotNull();
		ProcessPlatform platform = new PlatformLoader(this.loader).get(Duration.ofSeconds(30));
		assertThat(platform).as(platform.support().reason()).isInstanceOf(NativePlatform.class);
		assertThat(((NativePlatform) platform).description()).startsWith("FFM (Java ");
	}

	@Test
	void forcingJnaOnJava22AndLaterRunsJna() {
		assumeTrue(NativeBackends.unavailableReason("JNA") == null, "JNA on the class path");
		NativeBackends.assumeAvailable("FFM");
		NativePlatform platform = (NativePlatform) new PlatformLoader(this.loader, NativeBackendMode.JNA)
			.get(Duration.ofSeconds(30));
		assertThat(platform.backend()).isEqualTo(NativeBackend.JNA);
		assertThat(platform.choice()).endsWith("pid1.native.backend=jna");
	}

	private ProcessPlatform load(Map<String, String> properties, List<ProcessPlatforms.Backend> backends) {
		return ProcessPlatforms.load(properties::get, this.loader, backends, false);
	}

	private static Map<String, String> java(int feature) {
		return new HashMap<>(Map.of("os.name", "Linux", "os.arch", "amd64", "sun.arch.data.model", "64",
				"java.specification.version", Integer.toString(feature)));
	}

	/** Calls that work, on a kernel without pidfds. */
	public static class WorkingSyscalls implements LinuxSyscalls {

		@Override
		public int getppid() {
			return 1;
		}

		@Override
		public int prctl(int option, long arg2) {
			return 0;
		}

		@Override
		public int getChildSubreaper() {
			return 0;
		}

		@Override
		public int kill(int pid, int signal) {
			return -ESRCH;
		}

		@Override
		public long waitid(int idType, int id, int options) {
			return -ECHILD;
		}

		@Override
		public long waitpid(int pid, int options) {
			return -ECHILD;
		}

		@Override
		public int pidfdOpen(long pid) {
			return -ENOSYS;
		}

		@Override
		public int pidfdSendSignal(int fd, int signal) {
			return -ENOSYS;
		}

		@Override
		public void close(int fd) {
		}

		@Override
		public @Nullable String fix() {
			return null;
		}

	}

	/** Calls bound with native access denied ({@code --illegal-native-access=deny}). */
	public static class DeniedSyscalls extends WorkingSyscalls {

		public DeniedSyscalls() {
			throw new ExceptionInInitializerError(new IllegalCallerException(
					"Illegal native access from: unnamed module @1 (--illegal-native-access=deny)"));
		}

	}

}
