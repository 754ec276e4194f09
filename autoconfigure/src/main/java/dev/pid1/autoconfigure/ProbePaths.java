package dev.pid1.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The paths on the main port that serve health probes, from Spring Boot's own
 * configuration, for the drain filters: the actuator's base path when the actuator shares
 * the main port (its health endpoint when the base path is the root), and every health
 * group's additional path on the main server ({@code server:} paths, among them the
 * {@code /livez} and {@code /readyz} of
 * {@code management.endpoint.health.probes.add-additional-paths}), as the
 * {@link HealthEndpointGroups} bean holds them. The paths are within the application
 * (after the context path), under the dispatcher servlet's path in a servlet app, where
 * Spring MVC serves them.
 *
 * @author pid1 authors
 */
final class ProbePaths {

	private static final String HEALTH_GROUPS = "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups";

	private ProbePaths() {
	}

	/**
	 * The probe paths of a servlet app.
	 * @param beans where the health groups are
	 * @param environment the environment
	 * @return the paths
	 */
	static List<String> servlet(ListableBeanFactory beans, Environment environment) {
		return of(beans, environment, servletPrefix(environment));
	}

	/**
	 * The probe paths of a reactive app.
	 * @param beans where the health groups are
	 * @param environment the environment
	 * @return the paths
	 */
	static List<String> reactive(ListableBeanFactory beans, Environment environment) {
		return of(beans, environment, "");
	}

	private static List<String> of(ListableBeanFactory beans, Environment environment, String prefix) {
		List<String> paths = new ArrayList<>();
		ManagementPort port = ManagementPort.of(environment);
		String actuator = port.actuatorPathOnMainPort();
		if (actuator != null) {
			paths.add(prefix + actuator);
		}
		else if (port.type() == ManagementPort.Type.SAME) {
			// The actuator at the root: only its health endpoint is a probe.
			String health = port.endpointPath("health", "");
			if (health != null) {
				paths.add(prefix + health);
			}
		}
		// pid1's own class loader: the health module is optional.
		if (ClassUtils.isPresent(HEALTH_GROUPS, ProbePaths.class.getClassLoader())) {
			for (String path : Health.additionalPaths(beans)) {
				paths.add(prefix + path);
			}
		}
		return List.copyOf(paths);
	}

	/**
	 * Where Spring MVC's dispatcher servlet serves ({@code spring.mvc.servlet.path}),
	 * without its closing slash.
	 */
	private static String servletPrefix(Environment environment) {
		return clean(environment.getProperty("spring.mvc.servlet.path", ""));
	}

	static String clean(@Nullable String path) {
		String cleaned = (path != null) ? path.strip() : "";
		while (cleaned.endsWith("/") || cleaned.endsWith("*")) {
			cleaned = cleaned.substring(0, cleaned.length() - 1);
		}
		return (cleaned.isEmpty() || cleaned.startsWith("/")) ? cleaned : "/" + cleaned;
	}

	/** Touches the health module's classes only once they are known to be present. */
	private static final class Health {

		static List<String> additionalPaths(ListableBeanFactory beans) {
			HealthEndpointGroups groups;
			try {
				groups = beans.getBeanProvider(HealthEndpointGroups.class).getIfUnique();
			}
			catch (RuntimeException ex) {
				// A first request while the context closes: the actuator's path still
				// counts.
				return List.of();
			}
			if (groups == null) {
				return List.of();
			}
			List<String> paths = new ArrayList<>();
			for (HealthEndpointGroup group : groups.getAllWithAdditionalPath(WebServerNamespace.SERVER)) {
				AdditionalHealthEndpointPath path = group.getAdditionalPath();
				if (path != null) {
					paths.add(clean(path.getValue()));
				}
			}
			return paths;
		}

	}

}
