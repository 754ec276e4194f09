package dev.pid1.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pid1.test.NativeBackends;
import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Native access on Java 22+ (JEP 472), in JVMs started with each setting: granted, the
 * JDK's default (the FFM backend works, the JDK warns, pid1 says how to grant it), and
 * denied (pid1 degrades to an inert platform with the fix, startup goes on).
 */
class NativeAccessTests {

	@Test
	void grantedTheFfmBackendRunsWithoutAFix() throws Exception {
		NativeBackends.assumeAvailable("FFM");
		String output = probe("--enable-native-access=ALL-UNNAMED");
		assertThat(output).contains("BACKEND FFM").contains("SUPPORTED true").contains("FIX null");
	}

	@Test
	void byDefaultTheFfmBackendRunsAndPid1SaysHowToGrantIt() throws Exception {
		NativeBackends.assumeAvailable("FFM");
		String output = probe();
		assertThat(output).contains("BACKEND FFM")
			.contains("SUPPORTED true")
			.contains("FIX native access is not enabled")
			.contains("`Enable-Native-Access: ALL-UNNAMED`")
			.contains("--enable-native-access=ALL-UNNAMED");
	}

	@Test
	void deniedThePlatformIsInertWithTheFixAndNothingCrashes() throws Exception {
		NativeBackends.assumeAvailable("FFM");
		// --illegal-native-access exists from Java 24; JNA's library load is refused too.
		assumeTrue(Runtime.version().feature() >= 24, "Java 24+");
		String output = probe("--illegal-native-access=deny");
		assertThat(output).contains("BACKEND NONE")
			.contains("SUPPORTED false")
			.contains("CAUSE NATIVE_ACCESS")
			.contains("REASON FFM may not call native code: native access is denied (IllegalCallerException")
			.contains("`Enable-Native-Access: ALL-UNNAMED`");
	}

	private static String probe(String... options) throws Exception {
		List<String> jvm = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"));
		jvm.addAll(List.of(options));
		Process process = new ProcessBuilder(PidNamespace.java(jvm, BackendProbe.class.getName()))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
