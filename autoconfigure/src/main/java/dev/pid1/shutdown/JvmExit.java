package dev.pid1.shutdown;

import org.springframework.boot.logging.LoggingSystem;

/**
 * How the JVM ends: a seam, so that tests of the sequence never exit.
 *
 * @author pid1 authors
 */
interface JvmExit {

	/**
	 * {@link System#exit}, and {@link Runtime#halt} once the logs are flushed (the
	 * logging system found with pid1's class loader, never a thread's context class
	 * loader).
	 */
	JvmExit SYSTEM = new JvmExit() {

		@Override
		public void exit(int status) {
			System.exit(status);
		}

		@Override
		public void halt(int status) {
			try {
				Runnable shutdownHandler = LoggingSystem.get(JvmExit.class.getClassLoader()).getShutdownHandler();
				if (shutdownHandler != null) {
					shutdownHandler.run();
				}
			}
			catch (Throwable ex) {
				// Best effort: the halt comes next either way.
			}
			System.out.flush();
			System.err.flush();
			Runtime.getRuntime().halt(status);
		}

	};

	/**
	 * Exits through the shutdown hooks (Spring Boot's closes the context).
	 * @param status the exit code
	 */
	void exit(int status);

	/**
	 * Ends the JVM at once, without shutdown hooks, its logs flushed.
	 * @param status the exit code
	 */
	void halt(int status);

}
