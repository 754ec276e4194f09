package dev.pid1.platform;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * Loads the {@link ProcessPlatform} once, on first demand, on a daemon thread of its own,
 * so that a backend's load (JNA: 110-220 ms of native extraction and an {@code ldconfig}
 * spawn; FFM: binding the calls) never lands on the main thread. Where native support
 * cannot work (off Linux, a 32-bit JVM, Java 17-21 without JNA) nothing is loaded and the
 * {@link UnsupportedPlatform} is ready at once.
 *
 * @author pid1 authors
 */
public final class PlatformLoader {

	private final CompletableFuture<ProcessPlatform> platform = new CompletableFuture<>();

	private final ClassLoader classLoader;

	private final NativeBackendMode mode;

	private final @Nullable UnsupportedPlatform unsupported;

	private @Nullable Thread thread;

	/**
	 * Creates a loader of any backend; nothing is loaded until {@link #start()}.
	 * @param classLoader the class loader to find the backends with
	 */
	public PlatformLoader(ClassLoader classLoader) {
		this(classLoader, NativeBackendMode.AUTO);
	}

	/**
	 * Creates a loader; nothing is loaded until {@link #start()}.
	 * @param classLoader the class loader to find the backends with
	 * @param mode the backends allowed
	 */
	public PlatformLoader(ClassLoader classLoader, NativeBackendMode mode) {
		this.classLoader = classLoader;
		this.mode = mode;
		this.unsupported = ProcessPlatforms.unsupported(classLoader, mode);
	}

	/**
	 * Starts loading, if not started yet. Returns at once.
	 * @return this loader
	 */
	public synchronized PlatformLoader start() {
		if (this.platform.isDone() || this.thread != null) {
			return this;
		}
		if (this.unsupported != null) {
			this.platform.complete(this.unsupported);
			return this;
		}
		this.thread = DaemonThreads.start("pid1-platform-loader",
				() -> this.platform.complete(ProcessPlatforms.load(this.classLoader, this.mode)));
		return this;
	}

	/**
	 * Whether loading has started (or the unsupported platform is already decided).
	 * @return whether {@link #start()} has run
	 */
	public synchronized boolean isStarted() {
		return this.thread != null || this.platform.isDone();
	}

	/**
	 * Why native support cannot work here, known without loading anything.
	 * @return the reason, or {@code null} if a native platform is being loaded
	 */
	public @Nullable String unsupportedReason() {
		return (this.unsupported != null) ? this.unsupported.reason() : null;
	}

	/**
	 * The platform, as a future completed on the loader thread.
	 * @return the future platform
	 */
	public CompletableFuture<ProcessPlatform> platform() {
		start();
		return this.platform;
	}

	/**
	 * Waits for the platform, for at most the given time.
	 * @param timeout how long to wait
	 * @return the platform, or an unsupported one if loading takes longer
	 */
	public ProcessPlatform get(Duration timeout) {
		try {
			return platform().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new UnsupportedPlatform(UnsupportedPlatform.Cause.NOT_LOADED,
					"interrupted while loading the native platform");
		}
		catch (ExecutionException | TimeoutException ex) {
			return new UnsupportedPlatform(UnsupportedPlatform.Cause.NOT_LOADED,
					"the native platform did not load within " + timeout.toMillis() + " ms");
		}
	}

}
