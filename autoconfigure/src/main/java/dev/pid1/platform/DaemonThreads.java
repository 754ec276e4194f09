package dev.pid1.platform;

import java.util.concurrent.Executor;

/**
 * pid1's background threads: named, so they can be told apart in a thread dump, and
 * daemons, so they never hold the JVM up. Their context class loader is pid1's own, never
 * inherited from the thread that started them (a signal's thread has the JVM's choice:
 * the system class loader on Java 21+).
 *
 * @author pid1 authors
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * Starts a daemon thread.
	 * @param name the thread's name
	 * @param task what it runs
	 * @return the started thread
	 */
	public static Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.setContextClassLoader(DaemonThreads.class.getClassLoader());
		thread.start();
		return thread;
	}

	/**
	 * An executor that runs each task on a new daemon thread of the given name: for the
	 * one-off steps chained onto the platform's loading.
	 * @param name the threads' name
	 * @return the executor
	 */
	public static Executor executor(String name) {
		return (task) -> start(name, task);
	}

}
