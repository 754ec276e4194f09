package dev.pid1.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.pid1.test.Capability.Missing;

/**
 * Runs a command as PID 1 of a fresh PID namespace with its own {@code /proc}:
 * {@code unshare --fork --pid --mount-proc} as root, with {@code --user --map-root-user}
 * otherwise. Where the machine cannot (no unshare, user namespaces off), tests skip with
 * the reason and the fix, except under {@code CI=true}, where they fail (see
 * {@link Capability}).
 */
public final class PidNamespace {

	/** What is missing and what provides it, or {@code null}. */
	private static volatile Missing unavailableReason;

	private static volatile boolean probed;

	private PidNamespace() {
	}

	/**
	 * Skips the calling test (or fails it under CI) when PID namespaces are unavailable.
	 */
	public static void assumeAvailable() {
		Missing missing = unavailableReason();
		if (missing != null) {
			missing.forPurpose("No PID namespace (" + String.join(" ", prefix(List.of("true"))) + ")").skipOrFail();
		}
	}

	private static synchronized Missing unavailableReason() {
		if (!probed) {
			probed = true;
			unavailableReason = probe();
		}
		return unavailableReason;
	}

	/**
	 * The same command the main job ({@code docker/run-as-pid1.sh}) uses, so the tests
	 * skip exactly where it cannot run.
	 */
	private static Missing probe() {
		if (!System.getProperty("os.name", "").toLowerCase().startsWith("linux")) {
			return new Missing("not Linux", "Run the tests on Linux");
		}
		try {
			Process process = new ProcessBuilder(prefix(List.of("sh", "-c", "test $$ -eq 1"))).redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes()).trim();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Missing("unshare did not finish", "Check that unshare works on this machine");
			}
			if (process.exitValue() == 0) {
				return null;
			}
			if (Capability.isRoot()) {
				// Root without CAP_SYS_ADMIN: a container started without the capability.
				return new Missing("unshare failed as root: " + output,
						"In a container, start it with --cap-add SYS_ADMIN (where that is not enough, add"
								+ " --security-opt seccomp=unconfined --security-opt apparmor=unconfined"
								+ " --security-opt systempaths=unconfined)");
			}
			return new Missing("unprivileged user namespaces are off: " + output,
					"Run as root, or allow them: sudo sysctl -w kernel.unprivileged_userns_clone=1 (Debian),"
							+ " sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04+)");
		}
		catch (IOException ex) {
			return new Missing("unshare cannot run (" + ex.getMessage() + ")",
					"Install: " + Capability.asRoot("apt-get install -y util-linux"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Missing("interrupted", "Run the tests again");
		}
	}

	/**
	 * The command that runs the given one as PID 1 of a new namespace.
	 * @param command the command
	 * @return the wrapped command
	 */
	public static List<String> prefix(List<String> command) {
		List<String> result = new ArrayList<>(List.of("unshare", "--fork", "--pid", "--mount-proc"));
		if (!Capability.isRoot()) {
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
