package dev.pid1.sample.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.pid1.testcontainers.DeploymentManifest;
import dev.pid1.testcontainers.InertCause;
import dev.pid1.testcontainers.StartupReport;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	private static final Path MANIFEST = ContainerEngine.repository().resolve("docker/k8s/deployment.yaml");

	/** The sample app's spring.lifecycle.timeout-per-shutdown-phase. */
	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

	@BeforeAll
	static void manifest() throws IOException {
		// The pod spec's security settings and limits need the Kubernetes model; the kit
		// reads only the grace period, the preStop hook and the environment.
		Deployment deployment = YAMLMapper.builder().build().readValue(Files.readString(MANIFEST), Deployment.class);
		pod = deployment.getSpec().getTemplate().getSpec();
		spec = pod.getContainers().get(0);
	}

	@Test
	void runsAsThePodSpecSaysAndStopsWithinTheGracePeriod() throws Exception {
		DeploymentManifest manifest = DeploymentManifest.read(MANIFEST);
		try (SampleApp app = SampleApp.start("jvm-pid1", "kubernetes-pod", env(), this::applyPodSpec)) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup).as("JNA loads from the emptyDir /tmp as a non-root user").isGraceful();
			assertThat(startup.jvmIsPid1()).isTrue();
			assertThat(app.getLogs()).as("the manifest's JAVA_TOOL_OPTIONS reached the JVM")
				.contains("Picked up JAVA_TOOL_OPTIONS: " + manifest.env().get("JAVA_TOOL_OPTIONS"));
			assertThat(app.execInContainer("id", "-u").getStdout().trim())
				.isEqualTo(Long.toString(securityContext().runAsUser()));
			assertThat(app.execInContainer("touch", "/app/written").getExitCode())
				.as("the root file system is read-only")
				.isNotZero();
			assertThat(app.pid1().phaseTimeout(PHASE_TIMEOUT).graceBudget(manifest)).fits();

			// The kubelet's termination, read from the manifest: the preStop hook, then
			// SIGTERM, then SIGKILL when the grace period (which includes the hook) ends.
			CompletableFuture<TerminationReport> terminating = CompletableFuture
				.supplyAsync(() -> app.terminate(Termination.of(manifest)
					.traffic("/orders", 20)
					.requestTimeout(SampleApp.UNDER_LOAD.requestTimeout())
					.inFlightRequest("/orders/report?millis=5000")));
			assertThat(app.awaitManagementStatus("/actuator/health/readiness", 503, Duration.ofSeconds(20)))
				.as("the preStop call drains: readiness off")
				.isEqualTo("503");
			TerminationReport report = terminating.join();

			assertThat(report).lostNoRequests().exitedWith(143).wasNotKilled().completedInFlightRequest();
			assertThat(report.preStop().status()).isEqualTo(200);
			assertThat(report.sigtermToExit()).as("SIGTERM after preStop closes without a second drain")
				.isLessThan(Duration.ofSeconds(5));
			assertThat(report.timeline()).extracting(TerminationReport.Phase::phase)
				.contains("shutdown begins: preStop")
				.filteredOn((phase) -> phase.startsWith("drain begins"))
				.hasSize(1);
		}
	}

	/**
	 * Docker's {@code --tmpfs /tmp} is {@code noexec}, unlike an {@code emptyDir}: JNA
	 * cannot map its native library from there, and pid1 says so and stays inert (the JVM
	 * still shuts down on SIGTERM, through the JVM's own handler); as PID 1 it cannot
	 * reap, and says what to change. The kit's negative control for an inert pid1.
	 */
	@Test
	void noexecTmpMakesPid1InertAndTheKitSaysWhy() {
		try (SampleApp app = SampleApp.start("jvm-pid1", "kubernetes-noexec-tmp", Map.of(),
				(cmd) -> cmd.getHostConfig().withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,noexec,nosuid")))) {
			StartupReport startup = app.pid1().startup();
			assertThat(startup.inertCause()).isEqualTo(InertCause.NATIVE_LIBRARY);
			assertThat(startup).hasGracefulSignalPath();
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(startup).isGraceful())
				.withMessageContaining("pid1 does not reap zombies: JNA could not load its native library: noexec")
				.withMessageContaining("failed to map segment from shared object")
				.withMessageContaining("Fix: give JNA an exec-mountable directory")
				.withMessageContaining("-Djna.tmpdir");
			assertThat(app.terminate(SampleApp.UNDER_LOAD.lag(Duration.ZERO))).exitedWith(143);
		}
	}

	private Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		for (EnvVar var : spec.getEnv()) {
			env.put(var.getName(), var.getValue());
		}
		return env;
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
