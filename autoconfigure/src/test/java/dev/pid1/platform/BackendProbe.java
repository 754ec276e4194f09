package dev.pid1.platform;

import java.time.Duration;

/**
 * A JVM that loads the platform and prints what it got, for tests that start a JVM with
 * other flags (native access) or another class path.
 */
public final class BackendProbe {

	private BackendProbe() {
	}

	public static void main(String[] args) {
		long started = System.nanoTime();
		ProcessPlatform platform = new PlatformLoader(BackendProbe.class.getClassLoader()).get(Duration.ofSeconds(60));
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		ProcessPlatform.Support support = platform.support();
		System.out.println("BACKEND " + support.backend());
		System.out.println("SUPPORTED " + support.supported());
		System.out.println("REASON " + support.reason());
		System.out.println("FIX " + support.fix());
		if (platform instanceof UnsupportedPlatform unsupported) {
			System.out.println("CAUSE " + unsupported.cause());
		}
		System.out.println("LOADED IN " + millis + " ms");
	}

}
