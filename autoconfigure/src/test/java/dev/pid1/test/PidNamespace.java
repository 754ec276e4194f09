package dev.pid1.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command as PID 1 of a fresh PID namespace with its own {@code /proc}:
 * {@code unshare --fork --pid --mount-proc} as root, with {@code --user --map-root-user}
 * otherwise. Where the machine cannot (no unshare, user namespaces off), tests skip with
 * the reason, except under {@code CI=true}, where a missing capability fails them.
 */
public final class PidNamespace {

	private static volatile String unavailableReason;

	private static volatile boolean probed;

	private PidNamespace() {
	}

	/**
	 * Skips the calling test (or fails it under CI) when PID namespaces are unavailable.
	 */
	public static void assumeAvailable() {
		String reason = unavailableReason();
		if (reason == null) {
			return;
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail("CI=true but PID namespaces are unavailable: " + reason);
		}
		Assumptions.abort("PID namespaces are unavailable: " + reason);
	}

	private static synchronized String unavailableReason() {
		if (!probed) {
			probed = true;
			unavailableReason = probe();
		}
		return unavailableReason;
	}

	private static String probe() {
		if (!System.getProperty("os.name", "").toLowerCase().startsWith("linux")) {
			return "not Linux";
		}
		try {
			Process process = new ProcessBuilder(prefix(List.of("sh", "-c", "test $$ -eq 1"))).redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "unshare did not finish";
			}
			return (process.exitValue() == 0) ? null : "unshare failed: " + output.trim();
		}
		catch (IOException ex) {
			return "unshare cannot run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/**
	 * The command that runs the given one as PID 1 of a new namespace.
	 * @param command the command
	 * @return the wrapped command
	 */
	public static List<String> prefix(List<String> command) {
		List<String> result = new ArrayList<>(List.of("unshare", "--fork", "--pid", "--mount-proc"));
		if (!isRoot()) {
			result.addAll(List.of("--user", "--map-root-user"));
		}
		result.addAll(command);
		return result;
	}

	/**
	 * Starts a command as PID 1 of a new namespace, its output going to a file.
	 * @param command the command
	 * @param output where stdout and stderr go
	 * @return the running namespace
	 * @throws IOException if it cannot start
	 */
	public static Namespace start(List<String> command, Path output) throws IOException {
		assumeAvailable();
		Process unshare = new ProcessBuilder(prefix(command)).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new Namespace(unshare, output);
	}

	/**
	 * A command line that starts a Java main class with this test JVM's binary and class
	 * path.
	 * @param jvmOptions options for the JVM
	 * @param mainClass the main class
	 * @param args its arguments
	 * @return the command
	 */
	public static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
		List<String> command = new ArrayList<>();
		command.add(javaBinary());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * The java binary of this test JVM.
	 * @return its path
	 */
	public static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name")) || new File("/proc/self").exists() && uidIsZero();
	}

	private static boolean uidIsZero() {
		try {
			for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Uid:")) {
					return line.split("\\s+")[1].equals("0");
				}
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return false;
	}

	/**
	 * A running namespace: the {@code unshare} process and its PID 1.
	 */
	public static final class Namespace implements AutoCloseable {

		private final Process unshare;

		private final Path output;

		Namespace(Process unshare, Path output) {
			this.unshare = unshare;
			this.output = output;
		}

		/**
		 * The host pid of the namespace's PID 1 (the child {@code unshare} forked).
		 * @return the pid
		 */
		public long initHostPid() {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < deadline) {
				var child = this.unshare.toHandle().children().findFirst();
				if (child.isPresent()) {
					return child.get().pid();
				}
				sleep(10);
			}
			throw new IllegalStateException("unshare forked no PID 1");
		}

		/**
		 * Sends a signal to the namespace's PID 1 from outside, as {@code docker stop}
		 * and the kubelet do.
		 * @param signal the signal name, such as {@code TERM}
		 */
		public void signalInit(String signal) {
			try {
				Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(initHostPid())).start();
				kill.waitFor(10, TimeUnit.SECONDS);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/**
		 * Waits until the output contains a text.
		 * @param text the text
		 * @param timeoutMillis how long to wait
		 * @return whether it appeared
		 */
		public boolean awaitOutput(String text, long timeoutMillis) {
			long deadline = System.currentTimeMillis() + timeoutMillis;
			while (System.currentTimeMillis() < deadline) {
				if (output().contains(text)) {
					return true;
				}
				if (!this.unshare.isAlive()) {
					return output().contains(text);
				}
				sleep(50);
			}
			return false;
		}

		/**
		 * Everything written so far.
		 * @return the output
		 */
		public String output() {
			try {
				return java.nio.file.Files.readString(this.output);
			}
			catch (IOException ex) {
				return "";
			}
		}

		/**
		 * Waits for the namespace to end.
		 * @param timeoutMillis how long to wait
		 * @return the exit code of {@code unshare} (that of PID 1, or 128 + signal), or
		 * {@code null} if it is still running
		 */
		public Integer waitFor(long timeoutMillis) {
			try {
				return this.unshare.waitFor(timeoutMillis, TimeUnit.MILLISECONDS) ? this.unshare.exitValue() : null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}

		public boolean isAlive() {
			return this.unshare.isAlive();
		}

		/**
		 * SIGKILLs PID 1, which takes the whole namespace down, as an orchestrator does
		 * at the end of the grace period.
		 */
		public void kill() {
			ProcessHandle.of(initHostPid()).ifPresent(ProcessHandle::destroyForcibly);
			this.unshare.destroyForcibly();
		}

		@Override
		public void close() {
			if (this.unshare.isAlive()) {
				this.unshare.toHandle().children().forEach(ProcessHandle::destroyForcibly);
				this.unshare.destroyForcibly();
			}
			waitFor(10_000);
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
