package dev.pid1.environment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.ProcFs;

/**
 * Decides the {@link EnvironmentFacts} once, at the first demand, and answers the same
 * facts ever after. Pure Java, no native call: {@code ProcessHandle}'s pid, and for the
 * container the evidence only a container has (see {@link ContainerDetector}): the
 * {@code container} environment variable, the marks runtimes leave
 * ({@code /run/.containerenv}, {@code /.dockerenv} on a container's root), this process's
 * cgroup, and the mount at {@code /} in {@code /proc/self/mountinfo}; never the engine's
 * mounts a host that runs containers sees. Thread-safe.
 *
 * @author pid1 authors
 */
public final class EnvironmentDetector {

	private final ContainerDetector containers;

	private final LongSupplier pid;

	private final boolean kubernetes;

	private volatile @Nullable EnvironmentFacts facts;

	/**
	 * Creates a detector of this process's environment.
	 * @param kubernetes whether Spring Boot sees Kubernetes
	 */
	public EnvironmentDetector(boolean kubernetes) {
		this(Path.of("/"), new ProcFs(), System.getenv(), () -> ProcessHandle.current().pid(), kubernetes);
	}

	/**
	 * Creates a detector of the environment a fake file system and process describe.
	 * @param root the directory that stands for {@code /}
	 * @param procFs the {@code /proc} to read
	 * @param environment the environment variables
	 * @param pid this process's pid
	 * @param kubernetes whether Spring Boot sees Kubernetes
	 */
	EnvironmentDetector(Path root, ProcFs procFs, Map<String, String> environment, LongSupplier pid,
			boolean kubernetes) {
		this.containers = new ContainerDetector(root, procFs, environment);
		this.pid = pid;
		this.kubernetes = kubernetes;
	}

	/**
	 * The facts, decided at the first call.
	 * @return the facts
	 */
	public EnvironmentFacts facts() {
		EnvironmentFacts decided = this.facts;
		if (decided == null) {
			synchronized (this) {
				decided = this.facts;
				if (decided == null) {
					long pid = this.pid.getAsLong();
					decided = new EnvironmentFacts(pid, pid == 1, this.containers.detect(), this.kubernetes);
					this.facts = decided;
				}
			}
		}
		return decided;
	}

}
