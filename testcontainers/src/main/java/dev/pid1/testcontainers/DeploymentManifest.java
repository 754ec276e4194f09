package dev.pid1.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the kit needs from a Kubernetes manifest (a Deployment, StatefulSet, DaemonSet,
 * Job or Pod, in a file that may hold several documents): the grace period, the preStop
 * hook and the environment of one container. Read with SnakeYAML, without a Kubernetes
 * model.
 *
 * @param file the file
 * @param kind the workload's kind
 * @param name the workload's name
 * @param terminationGracePeriodSeconds the pod's grace period (30 when not set)
 * @param preStop the container's preStop hook, {@code null} for none
 * @param env the container's literal environment variables
 * @author pid1 authors
 */
public record DeploymentManifest(Path file, String kind, String name, long terminationGracePeriodSeconds,
		@Nullable PreStop preStop, Map<String, String> env) {

	private static final Set<String> TEMPLATED = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

	/** Kubernetes' default grace period. */
	private static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

	/**
	 * Reads the first workload's first container.
	 * @param file the manifest
	 * @return what it says
	 */
	public static DeploymentManifest read(Path file) {
		return read(file, null);
	}

	/**
	 * Reads the first workload's container of the given name.
	 * @param file the manifest
	 * @param containerName the container, {@code null} for the first
	 * @return what it says
	 */
	@SuppressWarnings("unchecked")
	public static DeploymentManifest read(Path file, @Nullable String containerName) {
		String yaml;
		try {
			yaml = Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (!(document instanceof Map<?, ?> map)) {
				continue;
			}
			String kind = String.valueOf(map.get("kind"));
			@Nullable Map<String, Object> spec = (Map<String, Object>) map.get("spec");
			Map<String, Object> pod = TEMPLATED.contains(kind) ? map(map(spec, "template"), "spec")
					: "Pod".equals(kind) ? spec : null;
			if (pod == null) {
				continue;
			}
			Map<String, Object> container = container(pod, containerName, file);
			Object grace = pod.get("terminationGracePeriodSeconds");
			return new DeploymentManifest(file, kind, String.valueOf(map(map, "metadata").get("name")),
					(grace != null) ? ((Number) grace).longValue() : DEFAULT_GRACE_PERIOD_SECONDS, preStop(container),
					env(container));
		}
		throw new IllegalArgumentException("No Deployment, StatefulSet, DaemonSet, Job or Pod in " + file);
	}

	/**
	 * The grace period.
	 * @return terminationGracePeriodSeconds
	 */
	public Duration gracePeriod() {
		return Duration.ofSeconds(this.terminationGracePeriodSeconds);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> container(Map<String, Object> pod, @Nullable String name, Path file) {
		List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
		if (containers == null || containers.isEmpty()) {
			throw new IllegalArgumentException("No container in " + file);
		}
		return containers.stream()
			.filter((container) -> name == null || name.equals(container.get("name")))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No container named " + name + " in " + file));
	}

	@SuppressWarnings("unchecked")
	private static @Nullable PreStop preStop(Map<String, Object> container) {
		Map<String, Object> hook = map(map(container, "lifecycle"), "preStop");
		if (hook.containsKey("httpGet")) {
			Map<String, Object> get = map(hook, "httpGet");
			return PreStop.httpGet(port(container, get.get("port")), String.valueOf(get.getOrDefault("path", "/")));
		}
		if (hook.containsKey("sleep")) {
			return PreStop
				.sleep(Duration.ofSeconds(number(map(hook, "sleep").get("seconds"), "preStop sleep seconds")));
		}
		if (hook.containsKey("exec")) {
			List<Object> command = (List<Object>) map(hook, "exec").getOrDefault("command", List.of());
			return PreStop.exec(command.stream().map(String::valueOf).toArray(String[]::new));
		}
		return null;
	}

	/** A port by number, or by the name of one of the container's ports. */
	@SuppressWarnings("unchecked")
	private static int port(Map<String, Object> container, @Nullable Object port) {
		if (port instanceof Number number) {
			return number.intValue();
		}
		List<Map<String, Object>> ports = (List<Map<String, Object>>) container.getOrDefault("ports", List.of());
		return ports.stream()
			.filter((candidate) -> String.valueOf(port).equals(candidate.get("name")))
			.map((candidate) -> (int) number(candidate.get("containerPort"), "containerPort of port " + port))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No container port named " + port));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> env = new LinkedHashMap<>();
		for (Map<String, Object> var : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
			if (var.containsKey("value")) {
				env.put(String.valueOf(var.get("name")), String.valueOf(var.get("value")));
			}
		}
		return env;
	}

	private static long number(@Nullable Object value, String what) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		throw new IllegalArgumentException("The manifest's " + what + " is not a number: " + value);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(@Nullable Map<?, ?> map, String key) {
		Object value = (map != null) ? map.get(key) : null;
		return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
	}

}
