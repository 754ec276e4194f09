package dev.pid1.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.FilteredClassLoader;

import dev.pid1.platform.UnsupportedPlatform.Cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessPlatformsTests {

	@Test
	void withoutJnaThePlatformIsInertAndSaysWhy() {
		// Without the FFM backend too: on Java 22+ it would load.
		ClassLoader withoutJna = new FilteredClassLoader("com.sun.jna", "dev.pid1.platform.ffm");
		assumeTrue(isLinux(), "the JNA check comes after the OS check");
		ProcessPlatform platform = new PlatformLoader(withoutJna).start().get(Duration.ofSeconds(5));
		assertThat(platform).isInstanceOf(UnsupportedPlatform.class).isNotInstanceOf(NativePlatform.class);
		assertThat(platform.support().supported()).isFalse();
		assertThat(platform.support().reason()).contains("JNA is not on the classpath");
		assertThat(platform.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(platform.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
	}

	@Test
	void offLinuxThePlatformIsInertWithoutLoadingAnything() {
		String osName = System.getProperty("os.name");
		System.setProperty("os.name", "Mac OS X");
		try {
			PlatformLoader loader = new PlatformLoader(getClass().getClassLoader());
			assertThat(loader.unsupportedReason()).isEqualTo("not running on Linux (Mac OS X)");
			ProcessPlatform platform = loader.start().platform().getNow(null);
			assertThat(platform).as("ready at once, no loader thread").isInstanceOf(UnsupportedPlatform.class);
		}
		finally {
			System.setProperty("os.name", osName);
		}
	}

	@Test
	void a32BitJvmIsInertWithoutLoadingAnything() {
		assumeTrue(isLinux(), "the data model is checked on Linux");
		String arch = System.getProperty("os.arch");
		String model = System.getProperty("sun.arch.data.model");
		System.setProperty("os.arch", "arm");
		System.setProperty("sun.arch.data.model", "32");
		try {
			PlatformLoader loader = new PlatformLoader(getClass().getClassLoader());
			assertThat(loader.unsupportedReason()).as("an armhf JVM").isNotNull().contains("32-bit");
		}
		finally {
			System.setProperty("os.arch", arch);
			System.setProperty("sun.arch.data.model", model);
		}
	}

	@Test
	void onLinuxWithJnaTheNativePlatformLoadsOffTheCallingThread() throws Exception {
		assumeTrue(isLinux(), "Linux only");
		PlatformLoader loader = new PlatformLoader(getClass().getClassLoader());
		assertThat(loader.unsupportedReason()).isNull();
		String[] loadedOn = new String[1];
		ProcessPlatform platform = loader.start().platform().thenApply((loaded) -> {
			loadedOn[0] = Thread.currentThread().getName();
			return loaded;
		}).get();
		assertThat(platform).isInstanceOf(NativePlatform.class);
		assertThat(platform.support().supported()).as(platform.support().reason()).isTrue();
		assertThat(loadedOn[0]).isIn("pid1-platform-loader", Thread.currentThread().getName());
		assertThat(platform.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(platform.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
	}

	@Test
	void aBackendWhoseNativeLibraryDoesNotLinkDegradesToUnsupported() {
		assumeTrue(isLinux(), "the backends are tried on Linux only");
		ProcessPlatforms.Backend broken = new ProcessPlatforms.Backend("Broken", UnlinkableBackend.class.getName(),
				Object.class.getName(), "never missing");
		ProcessPlatform platform = ProcessPlatforms.load(getClass().getClassLoader(), List.of(broken));
		assertThat(platform).isInstanceOf(UnsupportedPlatform.class);
		assertThat(((UnsupportedPlatform) platform).cause()).isEqualTo(Cause.NATIVE_LIBRARY);
		assertThat(platform.support().reason()).startsWith("Broken could not load its native library")
			.contains("UnsatisfiedLinkError: no libbroken");
		assertThat(platform.support().fix()).contains("-Djna.tmpdir");
	}

	@Test
	void aNoexecTempDirIsNamedAsTheCauseWithJnasFix() {
		assumeTrue(isLinux(), "the backends are tried on Linux only");
		ProcessPlatforms.Backend noexec = new ProcessPlatforms.Backend("JNA", NoexecBackend.class.getName(),
				Object.class.getName(), "never missing");
		UnsupportedPlatform platform = (UnsupportedPlatform) ProcessPlatforms.load(getClass().getClassLoader(),
				List.of(noexec));
		assertThat(platform.cause()).isEqualTo(Cause.NATIVE_LIBRARY);
		assertThat(platform.reason()).startsWith("JNA could not load its native library: noexec temp dir")
			.contains("failed to map segment from shared object");
		assertThat(platform.support().fix()).contains("exec-mountable")
			.contains("-Djna.tmpdir")
			.contains("emptyDir")
			.contains("~/.cache/JNA/temp");
	}

	@Test
	void eachCauseIsATypeWithAFix() {
		Map<String, String> linux64 = Map.of("os.name", "Linux", "os.arch", "amd64", "sun.arch.data.model", "64");
		ProcessPlatforms.Backend absent = new ProcessPlatforms.Backend("Absent", "no.such.Platform", "no.such.Library",
				"the Absent library is not on the classpath");
		ProcessPlatforms.Backend present = new ProcessPlatforms.Backend("Present", "no.such.Platform",
				Object.class.getName(), "never missing");
		ClassLoader loader = getClass().getClassLoader();
		assertThat(ProcessPlatforms.unsupported(linux64::get, loader, List.of(present))).isNull();
		UnsupportedPlatform noBackend = ProcessPlatforms.unsupported(linux64::get, loader, List.of(absent));
		assertThat(noBackend.cause()).isEqualTo(Cause.NO_NATIVE_BACKEND);
		assertThat(noBackend.support().fix()).contains("net.java.dev.jna:jna");
		UnsupportedPlatform mac = ProcessPlatforms.unsupported(Map.of("os.name", "Mac OS X")::get, loader,
				List.of(present));
		assertThat(mac.cause()).isEqualTo(Cause.NOT_LINUX);
		assertThat(mac.reason()).isEqualTo("not running on Linux (Mac OS X)");
		for (Cause cause : Cause.values()) {
			assertThat(cause.fix()).as(cause.name()).isNotBlank();
		}
	}

	@ParameterizedTest
	@CsvSource(nullValues = "-", textBlock = """
			arm,     32
			i386,    32
			x86,     32
			i386,    -
			armv7l,  -
			aarch64, 32
			""")
	void a32BitDataModelIsInertWithOneLineSayingWhy(String arch, String model) {
		Map<String, String> properties = new HashMap<>(Map.of("os.name", "Linux", "os.arch", arch));
		if (model != null) {
			properties.put("sun.arch.data.model", model);
		}
		ProcessPlatforms.Backend present = new ProcessPlatforms.Backend("Present", "no.such.Platform",
				Object.class.getName(), "never missing");
		UnsupportedPlatform platform = ProcessPlatforms.unsupported(properties::get, getClass().getClassLoader(),
				List.of(present));
		assertThat(platform).as("decided before any backend is tried").isNotNull();
		assertThat(platform.cause()).isEqualTo(Cause.DATA_MODEL);
		assertThat(platform.reason()).startsWith("a 32-bit JVM (os.arch " + arch).doesNotContain("\n");
		assertThat(platform.support().fix()).contains("64-bit JVM").contains("tini");
	}

	@ParameterizedTest
	@CsvSource(nullValues = "-", textBlock = """
			amd64,   64
			aarch64, 64
			arm,     64
			amd64,   -
			riscv64, -
			""")
	void a64BitDataModelMayLoadTheNativePlatform(String arch, String model) {
		Map<String, String> properties = new HashMap<>(Map.of("os.name", "Linux", "os.arch", arch));
		if (model != null) {
			properties.put("sun.arch.data.model", model);
		}
		ProcessPlatforms.Backend present = new ProcessPlatforms.Backend("Present", "no.such.Platform",
				Object.class.getName(), "never missing");
		assertThat(ProcessPlatforms.unsupported(properties::get, getClass().getClassLoader(), List.of(present)))
			.isNull();
	}

	@Test
	void aBackendThatFailsToStartDegradesToUnsupported() {
		assumeTrue(isLinux(), "the backends are tried on Linux only");
		ProcessPlatforms.Backend broken = new ProcessPlatforms.Backend("Broken", String.class.getName(),
				Object.class.getName(), "never missing");
		ProcessPlatform platform = ProcessPlatforms.load(getClass().getClassLoader(), List.of(broken));
		assertThat(platform.support().reason()).startsWith("the Broken backend failed to start (ClassCastException");
	}

	@Test
	void whenNoBackendIsPresentTheReasonNamesWhatIsMissing() {
		assumeTrue(isLinux(), "the OS check comes first");
		ProcessPlatforms.Backend absent = new ProcessPlatforms.Backend("Absent", "no.such.Platform", "no.such.Library",
				"the Absent library is not on the classpath");
		assertThat(ProcessPlatforms.load(getClass().getClassLoader(), List.of(absent)).support().reason())
			.isEqualTo("the Absent library is not on the classpath");
	}

	/** A backend whose native library is extracted to a noexec temp dir. */
	static final class NoexecBackend {

		NoexecBackend() {
			throw new UnsatisfiedLinkError("/tmp/jna1.tmp: /tmp/jna1.tmp: failed to map segment from shared object");
		}

	}

	/** A backend whose native part cannot be linked, as JNA without its library. */
	static final class UnlinkableBackend {

		UnlinkableBackend() {
			throw new UnsatisfiedLinkError("no libbroken in java.library.path");
		}

	}

	private static boolean isLinux() {
		return System.getProperty("os.name").toLowerCase().startsWith("linux");
	}

}
