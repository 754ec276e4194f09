package dev.pid1.testcontainers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DeploymentManifest}.
 *
 * @author pid1 authors
 */
class DeploymentManifestTests {

	@TempDir
	Path dir;

	@Test
	void readsGracePeriodPreStopWithANamedPortAndEnvironment() throws IOException {
		Path file = write("""
				apiVersion: v1
				kind: Service
				metadata:
				  name: order-service
				---
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: order-service
				spec:
				  template:
				    spec:
				      terminationGracePeriodSeconds: 35
				      containers:
				        - name: order-service
				          ports:
				            - name: http
				              containerPort: 8080
				            - name: management
				              containerPort: 8081
				          env:
				            - name: PID1_SHUTDOWN_GRACEPERIOD
				              value: "35"
				            - name: FROM_SECRET
				              valueFrom: {secretKeyRef: {name: s, key: k}}
				          lifecycle:
				            preStop:
				              httpGet:
				                path: /actuator/prestop
				                port: management
				""");
		DeploymentManifest manifest = DeploymentManifest.read(file);
		assertThat(manifest.kind()).isEqualTo("Deployment");
		assertThat(manifest.name()).isEqualTo("order-service");
		assertThat(manifest.gracePeriod()).isEqualTo(Duration.ofSeconds(35));
		assertThat(manifest.preStop()).isEqualTo(PreStop.httpGet(8081, "/actuator/prestop"));
		assertThat(manifest.env())
			.containsExactly(org.assertj.core.api.Assertions.entry("PID1_SHUTDOWN_GRACEPERIOD", "35"));
		Termination termination = Termination.of(manifest);
		assertThat(termination.gracePeriod()).isEqualTo(Duration.ofSeconds(35));
		assertThat(termination.preStop()).isEqualTo(manifest.preStop());
	}

	@Test
	void defaultsToThirtySecondsAndReadsASleepHook() throws IOException {
		Path file = write("""
				kind: Pod
				metadata: {name: p}
				spec:
				  containers:
				    - name: sidecar
				    - name: app
				      lifecycle: {preStop: {sleep: {seconds: 5}}}
				""");
		DeploymentManifest manifest = DeploymentManifest.read(file, "app");
		assertThat(manifest.terminationGracePeriodSeconds()).isEqualTo(30);
		assertThat(manifest.preStop()).isEqualTo(PreStop.sleep(Duration.ofSeconds(5)));
		assertThat(DeploymentManifest.read(file).preStop()).isNull();
	}

	@Test
	void readsAnExecHook() throws IOException {
		Path file = write("""
				kind: StatefulSet
				metadata: {name: s}
				spec:
				  template:
				    spec:
				      containers:
				        - name: app
				          lifecycle: {preStop: {exec: {command: [sh, -c, sleep 5]}}}
				""");
		assertThat(DeploymentManifest.read(file).preStop()).isEqualTo(PreStop.exec("sh", "-c", "sleep 5"));
	}

	@Test
	void saysWhatIsMissing() throws IOException {
		Path file = write("kind: Service\nmetadata: {name: s}\n");
		assertThatIllegalArgumentException().isThrownBy(() -> DeploymentManifest.read(file))
			.withMessageContaining("No Deployment, StatefulSet, DaemonSet, Job or Pod");
	}

	@Test
	void namesAPreStopSleepWithoutSeconds() throws IOException {
		Path file = write("""
				kind: Pod
				metadata: {name: p}
				spec:
				  containers:
				    - name: app
				      lifecycle: {preStop: {sleep: {}}}
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> DeploymentManifest.read(file))
			.withMessage("The manifest's preStop sleep seconds is not a number: null");
	}

	private Path write(String yaml) throws IOException {
		Path file = this.dir.resolve("deployment.yaml");
		Files.writeString(file, yaml);
		return file;
	}

}
