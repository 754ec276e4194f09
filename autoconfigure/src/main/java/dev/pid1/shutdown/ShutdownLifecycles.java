package dev.pid1.shutdown;

import org.springframework.context.SmartLifecycle;

/**
 * The two points where the shutdown sequence hooks into Spring's own close: the drain,
 * which stops first, and the end, which stops last.
 *
 * @author pid1 authors
 */
public final class ShutdownLifecycles {

	private ShutdownLifecycles() {
	}

	/**
	 * Stops first when the context closes (Spring has published {@code REFUSING_TRAFFIC}
	 * by then), and drains before the web servers' graceful shutdown at
	 * {@code DEFAULT_PHASE - 1024}. Blocks in {@code stop}, so that the phase timeout
	 * does not cut the drain, which is bounded by its own maximum.
	 */
	public static final class Drain implements SmartLifecycle {

		private final ShutdownCoordinator coordinator;

		private volatile boolean running;

		Drain(ShutdownCoordinator coordinator) {
			this.coordinator = coordinator;
		}

		@Override
		public void start() {
			this.running = true;
			this.coordinator.started();
		}

		@Override
		public void stop() {
			if (this.running) {
				this.running = false;
				this.coordinator.contextClosing();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MAX_VALUE;
		}

		@Override
		public boolean isPauseable() {
			return false;
		}

	}

	/**
	 * Stops last, after the web servers ({@code DEFAULT_PHASE - 2048}) and the management
	 * context.
	 */
	public static final class Closed implements SmartLifecycle {

		private final ShutdownCoordinator coordinator;

		private volatile boolean running;

		Closed(ShutdownCoordinator coordinator) {
			this.coordinator = coordinator;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			if (this.running) {
				this.running = false;
				this.coordinator.lifecyclesStopped();
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return Integer.MIN_VALUE;
		}

		@Override
		public boolean isPauseable() {
			return false;
		}

	}

}
