package dev.pid1.platform;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessPlatformsTests {

	@Test
	void withoutJnaThePlatformIsInertAndSaysWhy() {
		ClassLoader withoutJna = new FilteredClassLoader("com.sun.jna");
		assumeTrue(isLinux(), "the JNA check comes after the OS check");
		ProcessPlatform platform = new PlatformLoader(withoutJna).start().get(Duration.ofSeconds(5));
		assertThat(platform).isInstanceOf(InertProcessPlatform.class);
		assertThat(platform.support().supported()).isFalse();
		assertThat(platform.support().reason()).contains("JNA is not on the classpath");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> platform.kill(1, Signals.SIGTERM))
			.withMessageContaining("JNA is not on the classpath");
	}

	@Test
	void offLinuxThePlatformIsInertWithoutLoadingAnything() {
		String osName = System.getProperty("os.name");
		System.setProperty("os.name", "Mac OS X");
		try {
			PlatformLoader loader = new PlatformLoader(getClass().getClassLoader());
			assertThat(loader.unsupportedReason()).isEqualTo("not running on Linux (Mac OS X)");
			ProcessPlatform platform = loader.start().platform().getNow(null);
			assertThat(platform).as("ready at once, no loader thread").isInstanceOf(InertProcessPlatform.class);
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
		assertThat(platform.support().supported()).as(platform.support().reason()).isTrue();
		assertThat(loadedOn[0]).isIn("pid1-platform-loader", Thread.currentThread().getName());
		assertThat(platform.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(platform.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
	}

	private static boolean isLinux() {
		return System.getProperty("os.name").toLowerCase().startsWith("linux");
	}

}
