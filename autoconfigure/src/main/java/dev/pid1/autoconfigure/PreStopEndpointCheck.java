package dev.pid1.autoconfigure;

import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import dev.pid1.actuate.PreStopEndpoint;
import dev.pid1.diagnosis.PreStopHookStatus;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * The rules that decide whether pid1's preStop endpoint answers, in one place: the
 * condition that creates it, and the startup line that says why a preStop hook would get
 * a 404. A GET on the endpoint stops the pod (kubelet's {@code httpGet} hook sends GET,
 * so the operation cannot be a POST), so, like Spring Boot's {@code shutdown} endpoint,
 * it has no access by default; and because the GET changes state, {@code read-only}
 * access is not enough: it needs {@code unrestricted}.
 *
 * @author pid1 authors
 */
final class PreStopEndpointCheck {

	static final String ACCESS_PROPERTY = "management.endpoint." + PreStopEndpoint.ID + ".access";

	private static final String EXPOSURE_PROPERTY = "management.endpoints.web.exposure.include";

	private static final String SERVLET_CONTEXT = "org.springframework.web.context.WebApplicationContext";

	private static final String REACTIVE_CONTEXT = "org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext";

	private PreStopEndpointCheck() {
	}

	/**
	 * Whether a preStop hook reaches the endpoint in this application.
	 * @param context the application's context
	 * @return the status, {@code null} where the question does not arise: no actuator,
	 * pid1's shutdown off, or not a web application
	 */
	static @Nullable PreStopHookStatus of(ApplicationContext context) {
		ManagementPort port = ManagementPort.of(context.getEnvironment());
		if (port.type() == ManagementPort.Type.NONE
				|| context.getBeanNamesForType(ShutdownCoordinator.class, false, false).length == 0
				|| !isWebApplication(context)) {
			return null;
		}
		return Actuator.status(context, port);
	}

	private static boolean isWebApplication(ApplicationContext context) {
		ClassLoader classLoader = PreStopEndpointCheck.class.getClassLoader();
		return isInstance(SERVLET_CONTEXT, context, classLoader) || isInstance(REACTIVE_CONTEXT, context, classLoader);
	}

	private static boolean isInstance(String className, Object object, @Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(className, classLoader)
				&& ClassUtils.resolveClassName(className, classLoader).isInstance(object);
	}

	/**
	 * The endpoint is created only with unrestricted access (after the actuator's own
	 * condition, which lets {@code read-only} through).
	 */
	static final class OnUnrestrictedAccess extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Access access = Actuator.access(context.getEnvironment());
			return (access == Access.UNRESTRICTED)
					? ConditionOutcome.match(ACCESS_PROPERTY + " resolves to unrestricted")
					: ConditionOutcome.noMatch(ACCESS_PROPERTY + " resolves to " + access
							+ ": a GET on the preStop endpoint stops the pod, so it needs unrestricted");
		}

	}

	/** Touches the actuator's classes only once they are known to be present. */
	private static final class Actuator {

		static Access access(Environment environment) {
			// Spring Boot's own rule: the endpoint's property, else
			// management.endpoints.access.default, else the endpoint's default (none);
			// capped by management.endpoints.access.max-permitted.
			return new PropertiesEndpointAccessResolver(environment).accessFor(EndpointId.of(PreStopEndpoint.ID),
					Access.NONE);
		}

		static @Nullable PreStopHookStatus status(ApplicationContext context, ManagementPort port) {
			Environment environment = context.getEnvironment();
			Access access = access(environment);
			boolean granted = access == Access.UNRESTRICTED;
			boolean named = Arrays.stream(environment.getProperty(EXPOSURE_PROPERTY, String[].class, new String[0]))
				.anyMatch((id) -> id.strip().equalsIgnoreCase(PreStopEndpoint.ID));
			boolean exposed = new IncludeExcludeEndpointFilter<>(ExposableWebEndpoint.class, environment,
					"management.endpoints.web.exposure", EndpointExposure.WEB.getDefaultIncludes())
				.match(EndpointId.of(PreStopEndpoint.ID));
			if (granted && exposed && context.getBeanNamesForType(PreStopEndpoint.class, false, false).length > 0) {
				String path = port.endpointPath(PreStopEndpoint.ID, mainContextPath(environment));
				if (path != null) {
					return new PreStopHookStatus(path, null, null, true, named);
				}
			}
			if (!granted) {
				String reason = ACCESS_PROPERTY + " is " + access.name().toLowerCase(Locale.ROOT)
						+ ((access == Access.NONE) ? ", the default"
								: ", and a GET that stops the pod needs unrestricted");
				return new PreStopHookStatus(null, reason, "set " + ACCESS_PROPERTY + "=unrestricted", false, named);
			}
			if (!exposed) {
				return new PreStopHookStatus(null, PreStopEndpoint.ID + " is not exposed over HTTP",
						"add " + PreStopEndpoint.ID + " to " + EXPOSURE_PROPERTY, true, named);
			}
			if (port.type() == ManagementPort.Type.DISABLED) {
				return new PreStopHookStatus(null, "management.server.port=-1 turns the management server off",
						"set management.server.port to a port of its own", true, named);
			}
			if (!port.hasOwnPort()) {
				return new PreStopHookStatus(null, "the management server shares the main port, which drains",
						"set management.server.port to a port of its own, or pid1.shutdown.pre-stop-on-main-port=true",
						true, named);
			}
			return new PreStopHookStatus(null, null, null, true, named);
		}

		private static @Nullable String mainContextPath(Environment environment) {
			String servlet = environment.getProperty("server.servlet.context-path");
			return (servlet != null) ? servlet : environment.getProperty("spring.webflux.base-path");
		}

	}

}
