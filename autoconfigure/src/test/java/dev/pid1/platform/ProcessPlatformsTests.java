package dev.pid1.platform;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessPlatformsTests {

	@Test
	void withoutJnaThePlatformIsInertAndSaysWhy() {
		ClassLoader withoutJna = new FilteredClassLoader("com.sun.jna");
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
		assertThat(platform.support().reason()).startsWith("Broken's native library failed to load")
			.contains("UnsatisfiedLinkError: no libbroken")
			.contains("-Djna.tmpdir");
	}

	@Test
	void aBackendThatFailsToStartDegradesToUnsupported() {
		assumeTrue(isLinux(), "the backends are tried on Linux only");
		ProcessPlatforms.Backend broken = new ProcessPlatforms.Backend("Broken", String.class.getName(),
				Object.class.getName(), "never missing");
		ProcessPlatform platform = ProcessPlatforms.load(getClass().getClassLoader(), List.of(broken));
		assertThat(platform.support().reason()).startsWith("the native platform failed to start (ClassCastException");
	}

	@Test
	void whenNoBackendIsPresentTheReasonNamesWhatIsMissing() {
		assumeTrue(isLinux(), "the OS check comes first");
		ProcessPlatforms.Backend absent = new ProcessPlatforms.Backend("Absent", "no.such.Platform", "no.such.Library",
				"the Absent library is not on the classpath");
		assertThat(ProcessPlatforms.load(getClass().getClassLoader(), List.of(absent)).support().reason())
			.isEqualTo("the Absent library is not on the classpath");
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
