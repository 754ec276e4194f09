package dev.pid1.sample;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests in {@code docker/k8s}: they parse into the Kubernetes model
 * without a single unknown field, hang together (selectors, named ports), point their
 * probes and preStop hook at what the sample app serves, and give the app's configured
 * shutdown (drain, close, margin) room within the grace period.
 *
 * @author pid1 authors
 */
class KubernetesManifestsTests {

	/** pid1's own check of the grace period keeps this much in reserve. */
	private static final Duration MARGIN = Duration.ofSeconds(3);

	private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private static Deployment deployment;

	private static Service service;

	private static Properties app;

	private static Map<String, String> defaults;

	@BeforeAll
	static void load() throws IOException {
		Path k8s = repository().resolve("docker/k8s");
		deployment = yaml.readValue(Files.readString(k8s.resolve("deployment.yaml")), Deployment.class);
		service = yaml.readValue(Files.readString(k8s.resolve("service.yaml")), Service.class);
		app = new Properties();
		try (InputStream in = KubernetesManifestsTests.class.getResourceAsStream("/application.properties")) {
			app.load(in);
		}
		defaults = metadataDefaults();
	}

	@Test
	void manifestsUseOnlyFieldsTheKubernetesModelKnows() {
		assertThat(deployment.getApiVersion()).isEqualTo("apps/v1");
		assertThat(deployment.getKind()).isEqualTo("Deployment");
		assertThat(service.getApiVersion()).isEqualTo("v1");
		assertThat(service.getKind()).isEqualTo("Service");
		// The model keeps what it does not know in additionalProperties: a typo lands
		// there.
		assertThat(unknownFields(deployment, "deployment")).isEmpty();
		assertThat(unknownFields(service, "service")).isEmpty();
	}

	@Test
	void selectorsAndPortsHangTogether() {
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
		assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
		for (ServicePort port : service.getSpec().getPorts()) {
			assertThat(containerPort(port.getTargetPort())).as("Service port %s", port.getName()).isNotNull();
		}
		assertThat(containerPort(new IntOrString("http")).getContainerPort())
			.isEqualTo(Integer.parseInt(appProperty("server.port")));
		assertThat(containerPort(new IntOrString("management")).getContainerPort())
			.isEqualTo(Integer.parseInt(appProperty("management.server.port")));
	}

	@Test
	void theImagesEntrypointStaysPid1() {
		// command or args in the manifest would replace the exec-form ENTRYPOINT that
		// makes the JVM PID 1.
		assertThat(container().getCommand()).isEmpty();
		assertThat(container().getArgs()).isEmpty();
		assertThat(container().getImage()).startsWith("pid1/sample-app:");
	}

	@Test
	void probesAskTheManagementPortWhatTheAppServes() {
		assertThat(appProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(exposedEndpoints()).contains("health");
		assertThat(httpGet(container().getReadinessProbe())).satisfies(
				(get) -> assertThat(get.getPath()).isEqualTo(actuatorPath("health") + "/readiness"),
				(get) -> assertThat(get.getPort().getStrVal()).isEqualTo("management"));
		assertThat(httpGet(container().getLivenessProbe())).satisfies(
				(get) -> assertThat(get.getPath()).isEqualTo(actuatorPath("health") + "/liveness"),
				(get) -> assertThat(get.getPort().getStrVal()).isEqualTo("management"));
		assertThat(httpGet(container().getStartupProbe()).getPort().getStrVal()).isEqualTo("management");
	}

	@Test
	void preStopCallsPid1sEndpointOnTheManagementPort() {
		HTTPGetAction preStop = container().getLifecycle().getPreStop().getHttpGet();
		assertThat(preStop).as("an httpGet preStop: no shell needed").isNotNull();
		assertThat(preStop.getPort().getStrVal()).isEqualTo("management");
		String id = preStop.getPath().substring(preStop.getPath().lastIndexOf('/') + 1);
		assertThat(preStop.getPath()).isEqualTo(actuatorPath(id));
		String access = "management.endpoint." + id + ".access";
		assertThat(defaults).as("pid1 has an endpoint with the id %s, off until granted", id)
			.containsEntry(access, "none");
		assertThat(exposedEndpoints()).as("the sample app exposes it").contains(id);
		String granted = (env("MANAGEMENT_ENDPOINT_PRESTOP_ACCESS") != null) ? env("MANAGEMENT_ENDPOINT_PRESTOP_ACCESS")
				: appProperty(access);
		assertThat(granted).as("the manifest grants %s (a preStop hook gets 404 otherwise)", access)
			.isEqualToIgnoringCase("unrestricted");
	}

	@Test
	void gracePeriodFitsTheDrainTheCloseAndAMargin() {
		Duration grace = Duration
			.ofSeconds(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
		Duration drainMax = duration("pid1.shutdown.drain-max");
		Duration close = duration("spring.lifecycle.timeout-per-shutdown-phase");
		assertThat(drainMax.plus(close).plus(MARGIN))
			.as("drain max %s + close %s + margin %s must fit the grace period %s", drainMax, close, MARGIN, grace)
			.isLessThanOrEqualTo(grace);
		// The app is told the same grace period, so it checks the arithmetic itself at
		// startup, and its hard deadline (grace - 3 s by default) ends it before SIGKILL.
		assertThat(env("PID1_SHUTDOWN_GRACEPERIOD")).isEqualTo(Long.toString(grace.toSeconds()));
		String deadline = appProperty("pid1.shutdown.deadline");
		if (deadline != null) {
			assertThat(DurationStyle.detectAndParse(deadline)).isLessThan(grace);
		}
		// The readiness probe notices the drain (503) before it can end at low traffic,
		// where the quiet period is the shortest drain (drain-min is 0 by default).
		Probe readiness = container().getReadinessProbe();
		assertThat(Duration.ofSeconds((long) readiness.getPeriodSeconds() * readiness.getFailureThreshold()))
			.isLessThanOrEqualTo(duration("pid1.shutdown.drain-min").plus(duration("pid1.shutdown.quiet-period")));
	}

	@Test
	void resourcesAreRequestedAndLimited() {
		Map<String, Quantity> requests = container().getResources().getRequests();
		Map<String, Quantity> limits = container().getResources().getLimits();
		for (String resource : List.of("cpu", "memory")) {
			assertThat(requests).containsKey(resource);
			assertThat(limits).containsKey(resource);
			assertThat(requests.get(resource).getNumericalAmount())
				.isLessThanOrEqualTo(limits.get(resource).getNumericalAmount());
		}
		assertThat(Quantity.getAmountInBytes(limits.get("memory"))).as("room for a Spring Boot JVM")
			.isGreaterThanOrEqualTo(BigDecimal.valueOf(256L * 1024 * 1024));
		assertThat(env("JAVA_TOOL_OPTIONS")).as("heap sized from the memory limit").contains("MaxRAMPercentage");
	}

	private static Container container() {
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		assertThat(pod.getContainers()).hasSize(1);
		return pod.getContainers().get(0);
	}

	private static ContainerPort containerPort(IntOrString port) {
		return container().getPorts()
			.stream()
			.filter((candidate) -> (port.getStrVal() != null) ? port.getStrVal().equals(candidate.getName())
					: port.getIntVal().equals(candidate.getContainerPort()))
			.findFirst()
			.orElse(null);
	}

	private static HTTPGetAction httpGet(Probe probe) {
		assertThat(probe).isNotNull();
		assertThat(probe.getHttpGet()).isNotNull();
		return probe.getHttpGet();
	}

	private static String env(String name) {
		return container().getEnv()
			.stream()
			.filter((env) -> env.getName().equals(name))
			.map(EnvVar::getValue)
			.findFirst()
			.orElse(null);
	}

	private static String actuatorPath(String endpoint) {
		String base = appProperty("management.endpoints.web.base-path");
		return ((base != null) ? base : "/actuator") + "/" + endpoint;
	}

	private static List<String> exposedEndpoints() {
		String include = appProperty("management.endpoints.web.exposure.include");
		return (include != null) ? List.of(include.trim().split("\\s*,\\s*")) : List.of("health");
	}

	/**
	 * A property of the sample app as it runs without environment: its
	 * application.properties, placeholders at their defaults.
	 */
	private static String appProperty(String name) {
		String value = app.getProperty(name);
		if (value == null) {
			return null;
		}
		Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(value);
		return placeholder.replaceAll((match) -> Matcher.quoteReplacement(match.group(1)));
	}

	/**
	 * A duration the sample app runs with: its own setting, else the default in the
	 * configuration metadata of pid1 or Spring Boot.
	 */
	private static Duration duration(String name) {
		String value = appProperty(name);
		if (value == null) {
			value = defaults.get(name);
		}
		assertThat(value).as("%s is set or has a default", name).isNotNull();
		return DurationStyle.detectAndParse(value);
	}

	private static Map<String, String> metadataDefaults() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, String> result = new HashMap<>();
		for (URL url : Collections.list(KubernetesManifestsTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					JsonNode value = property.get("defaultValue");
					result.put(property.get("name").asString(),
							(value != null && value.isValueNode()) ? value.asString() : null);
				}
			}
		}
		return result;
	}

	private static List<String> unknownFields(Object model, String path) {
		List<String> unknown = new ArrayList<>();
		collectUnknownFields(model, path, unknown);
		return unknown;
	}

	private static void collectUnknownFields(Object value, String path, List<String> unknown) {
		if (value == null) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int i = 0;
			for (Object element : collection) {
				collectUnknownFields(element, path + "[" + i++ + "]", unknown);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown));
			return;
		}
		if (!value.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			boolean isGetter = getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
					&& getter.getName().startsWith("get") && getter.getDeclaringClass() != Object.class;
			if (!isGetter) {
				continue;
			}
			Object child = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((key) -> unknown.add(path + "." + key));
				}
				continue;
			}
			String name = getter.getName().substring(3);
			collectUnknownFields(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1),
					unknown);
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return null;
		}
	}

	private static Path repository() {
		return Path.of(System.getProperty("pid1.repository", "..")).toAbsolutePath().normalize();
	}

}
