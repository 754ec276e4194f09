package dev.pid1.sample.container;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.pid1.sample.container.SampleAppContainer.Stopped;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's image run the way {@code docker/k8s/deployment.yaml} runs it, read
 * from the manifest: its user, read-only root file system, {@code emptyDir} volumes,
 * dropped capabilities, environment and limits; stopped as the kubelet stops a pod: the
 * manifest's preStop hook, then SIGTERM, within the manifest's grace period. Only the
 * ports differ: the containers share the host's network, so each gets free ones.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class KubernetesPodContainerTests {

	private static PodSpec pod;

	private static Container spec;

	@BeforeAll
	static void manifest() throws IOException {
		Deployment deployment = YAMLMapper.builder()
			.build()
			.readValue(Files.readString(ContainerEngine.repository().resolve("docker/k8s/deployment.yaml")),
					Deployment.class);
		pod = deployment.getSpec().getTemplate().getSpec();
		spec = pod.getContainers().get(0);
	}

	@Test
	void runsAsThePodSpecSaysAndStopsWithinTheGracePeriod() {
		Duration grace = Duration.ofSeconds(pod.getTerminationGracePeriodSeconds());
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "kubernetes-pod", env(),
				this::applyPodSpec)) {
			assertThat(app.diagnosisLine()).contains(" INFO ", "pid1: PID 1", "GRACEFUL");
			assertThat(app.logs()).as("the manifest's JAVA_TOOL_OPTIONS reached the JVM")
				.contains("Picked up JAVA_TOOL_OPTIONS: " + envValue("JAVA_TOOL_OPTIONS"));
			assertThat(app.exec("id", "-u").getStdout().trim()).isEqualTo(Long.toString(securityContext().runAsUser()));
			assertThat(app.exec("touch", "/app/written").getExitCode()).as("the root file system is read-only")
				.isNotZero();
			JsonNode report = app.pid1Report();
			assertThat(report.get("pid1").asBoolean()).isTrue();
			assertThat(report.at("/platform/supported").asBoolean())
				.as("JNA loads from the emptyDir /tmp as a non-root user: %s", report.at("/platform/detail"))
				.isTrue();

			// The kubelet's termination: the preStop hook, then SIGTERM, then SIGKILL
			// when the grace period (which includes the hook) ends.
			CompletableFuture<HttpResponse<String>> inFlight = app.slowRequest(5000);
			long start = System.nanoTime();
			CompletableFuture<HttpResponse<String>> preStop = CompletableFuture.supplyAsync(
					() -> app.get(app.managementPort(), spec.getLifecycle().getPreStop().getHttpGet().getPath()));
			assertThat(app.awaitStatus(app.managementPort(), "/actuator/health/readiness", 503, Duration.ofSeconds(10)))
				.as("the preStop call drains: readiness off")
				.isEqualTo("503");
			assertThat(app.get(app.port(), "/orders").statusCode()).as("still serving while draining").isEqualTo(200);
			HttpResponse<String> drained = preStop.join();
			assertThat(drained.statusCode()).isEqualTo(200);
			assertThat(drained.body()).contains("\"drained\":true");
			Duration left = grace.minus(Duration.ofNanos(System.nanoTime() - start));
			Stopped stopped = app.dockerStop(left);

			assertThat(stopped.exitCode()).isEqualTo(143);
			assertThat(stopped.took()).as("SIGTERM after preStop closes without a second drain")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(app.logs()).contains("shutdown begins: preStop").containsOnlyOnce("drain begins");
			SignalPathContainerTests.assertCompleted(inFlight);
		}
	}

	/**
	 * Docker's {@code --tmpfs /tmp} is {@code noexec}, unlike an {@code emptyDir}: JNA
	 * cannot map its native library from there, and pid1 says so and stays inert (the JVM
	 * still shuts down on SIGTERM, through the JVM's own handler).
	 */
	@Test
	void noexecTmpMakesPid1InertAndSaysWhy() {
		try (SampleAppContainer app = SampleAppContainer.start("jvm-pid1", "kubernetes-noexec-tmp", Map.of(),
				(cmd) -> cmd.getHostConfig().withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,noexec,nosuid")))) {
			assertThat(app.diagnosisLine()).contains("pid1: inert (JNA's native library failed to load",
					"failed to map segment from shared object", "set -Djna.tmpdir to an executable directory");
			assertThat(app.pid1Report().at("/platform/supported").asBoolean()).isFalse();
			assertThat(app.dockerStop(Duration.ofSeconds(30)).exitCode()).isEqualTo(143);
		}
	}

	private Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvVar var : spec.getEnv()) {
			env.put(var.getName(), var.getValue());
		}
		return env;
	}

	private String envValue(String name) {
		return env().get(name);
	}

	private void applyPodSpec(CreateContainerCmd cmd) {
		Ids ids = securityContext();
		cmd.withUser(ids.runAsUser() + ":" + ids.runAsGroup());
		SecurityContext container = spec.getSecurityContext();
		cmd.getHostConfig().withReadonlyRootfs(Boolean.TRUE.equals(container.getReadOnlyRootFilesystem()));
		if (Boolean.FALSE.equals(container.getAllowPrivilegeEscalation())) {
			cmd.getHostConfig().withSecurityOpts(List.of("no-new-privileges"));
		}
		List<String> drop = container.getCapabilities().getDrop();
		cmd.getHostConfig().withCapDrop(drop.stream().map(Capability::valueOf).toArray(Capability[]::new));
		// An emptyDir is a writable directory that is not noexec (JNA loads its native
		// library from /tmp): a tmpfs with exec stands in for it.
		Map<String, String> tmpfs = new LinkedHashMap<>();
		for (VolumeMount mount : spec.getVolumeMounts()) {
			Volume volume = pod.getVolumes()
				.stream()
				.filter((candidate) -> candidate.getName().equals(mount.getName()))
				.findFirst()
				.orElseThrow();
			assertThat(volume.getEmptyDir()).as("only emptyDir volumes are emulated").isNotNull();
			List<String> options = new ArrayList<>(List.of("rw", "exec", "nosuid", "nodev"));
			Quantity size = volume.getEmptyDir().getSizeLimit();
			if (size != null) {
				options.add("size=" + Quantity.getAmountInBytes(size).toBigInteger());
			}
			tmpfs.put(mount.getMountPath(), String.join(",", options));
		}
		cmd.getHostConfig().withTmpFs(tmpfs);
		Map<String, Quantity> limits = spec.getResources().getLimits();
		cmd.getHostConfig().withMemory(Quantity.getAmountInBytes(limits.get("memory")).longValueExact());
		cmd.getHostConfig()
			.withNanoCPUs(Quantity.getAmountInBytes(limits.get("cpu")).movePointRight(9).longValueExact());
	}

	private static Ids securityContext() {
		PodSecurityContext podContext = pod.getSecurityContext();
		SecurityContext container = spec.getSecurityContext();
		Long user = (container.getRunAsUser() != null) ? container.getRunAsUser() : podContext.getRunAsUser();
		Long group = (container.getRunAsGroup() != null) ? container.getRunAsGroup() : podContext.getRunAsGroup();
		assertThat(user).as("runAsUser").isNotNull().isNotZero();
		return new Ids(user, (group != null) ? group : user);
	}

	private record Ids(long runAsUser, long runAsGroup) {

	}

}
