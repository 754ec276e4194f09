package dev.pid1.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Whether the management server has a port of its own, and where the actuator's endpoints
 * are: the one rule that both the drain filters (which requests on the main port are
 * probes) and the preStop endpoint (served only on a port of its own) follow. Spring
 * Boot's own rule ({@code ManagementPortType.get(Environment)}): a port of its own only
 * when {@code management.server.port} is set and differs from {@code server.port},
 * disabled for {@code -1}, the main port otherwise (also when both ports are equal).
 *
 * @author pid1 authors
 */
final class ManagementPort {

	private static final String MANAGEMENT_PORT_TYPE = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

	private final Type type;

	private final String basePath;

	private final String managementContextPath;

	private final Environment environment;

	private ManagementPort(Type type, Environment environment) {
		this.type = type;
		this.basePath = clean(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		this.managementContextPath = clean(environment.getProperty("management.server.base-path", ""));
		this.environment = environment;
	}

	/**
	 * Decides, from the environment, as Spring Boot's actuator does.
	 * @param environment the environment
	 * @return the management port
	 */
	static ManagementPort of(Environment environment) {
		// pid1's own class loader: the actuator is optional.
		Type type = ClassUtils.isPresent(MANAGEMENT_PORT_TYPE, ManagementPort.class.getClassLoader())
				? Actuator.type(environment) : Type.NONE;
		return new ManagementPort(type, environment);
	}

	/**
	 * Where the management server runs.
	 * @return the type
	 */
	Type type() {
		return this.type;
	}

	/**
	 * Whether the management server runs on a port of its own.
	 * @return whether it has its own port
	 */
	boolean hasOwnPort() {
		return this.type == Type.DIFFERENT;
	}

	/**
	 * The path, within the main application (after its context path), under which the
	 * actuator answers on the main port, so that probes there do not keep the drain
	 * going.
	 * @return the path, or {@code null} when the actuator does not share the main port,
	 * or sits at its root (then every request would look like a probe)
	 */
	@Nullable String actuatorPathOnMainPort() {
		return (this.type == Type.SAME && !this.basePath.isEmpty()) ? this.basePath : null;
	}

	/**
	 * The path a client requests to reach an endpoint: on the main port under the main
	 * context path, on the management port under {@code management.server.base-path}.
	 * @param id the endpoint id
	 * @param mainContextPath the main application's context path
	 * ({@code server.servlet.context-path}, {@code spring.webflux.base-path}), {@code ""}
	 * or {@code null} when none
	 * @return the path, or {@code null} when no management server answers over HTTP
	 */
	@Nullable String endpointPath(String id, @Nullable String mainContextPath) {
		if (this.type == Type.NONE || this.type == Type.DISABLED) {
			return null;
		}
		String contextPath = hasOwnPort() ? this.managementContextPath : clean(mainContextPath);
		String endpoint = clean(this.environment.getProperty("management.endpoints.web.path-mapping." + id, id));
		return contextPath + this.basePath + endpoint;
	}

	private static String clean(@Nullable String path) {
		String cleaned = (path != null) ? path.strip() : "";
		while (cleaned.endsWith("/")) {
			cleaned = cleaned.substring(0, cleaned.length() - 1);
		}
		return (cleaned.isEmpty() || cleaned.startsWith("/")) ? cleaned : "/" + cleaned;
	}

	/**
	 * Where the management server runs.
	 */
	enum Type {

		/** On the main port. */
		SAME,

		/** On a port of its own. */
		DIFFERENT,

		/** Nowhere over HTTP ({@code management.server.port=-1}). */
		DISABLED,

		/** No management server: Spring Boot's actuator is not on the class path. */
		NONE

	}

	/** Touches the actuator's classes only once they are known to be present. */
	private static final class Actuator {

		static Type type(Environment environment) {
			return Type.valueOf(ManagementPortType.get(environment).name());
		}

	}

}
