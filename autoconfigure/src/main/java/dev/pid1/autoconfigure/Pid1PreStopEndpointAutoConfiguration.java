package dev.pid1.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.pid1.actuate.PreStopEndpoint;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration for the {@link PreStopEndpoint}: only when the application grants it
 * unrestricted access ({@code management.endpoint.prestop.access=unrestricted}: a GET on
 * it stops the pod, see {@link PreStopEndpointCheck}), and only where the management
 * server has a port of its own, unless {@code pid1.shutdown.pre-stop-on-main-port} allows
 * the main port.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = Pid1ShutdownAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ShutdownCoordinator.class)
@ConditionalOnAvailableEndpoint(PreStopEndpoint.class)
@Conditional({ PreStopEndpointCheck.OnUnrestrictedAccess.class,
		Pid1PreStopEndpointAutoConfiguration.OwnPortOrAllowed.class })
public final class Pid1PreStopEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PreStopEndpoint pid1PreStopEndpoint(ShutdownCoordinator coordinator) {
		return new PreStopEndpoint(coordinator);
	}

	/**
	 * The management server has a port of its own, by the rule the drain filters follow
	 * too.
	 */
	static final class OnOwnManagementPort extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ManagementPort port = ManagementPort.of(context.getEnvironment());
			return port.hasOwnPort() ? ConditionOutcome.match("the management server has a port of its own")
					: ConditionOutcome.noMatch("the management port is " + port.type());
		}

	}

	static final class OwnPortOrAllowed extends AnyNestedCondition {

		OwnPortOrAllowed() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnWebApplication
		@Conditional(OnOwnManagementPort.class)
		static final class OwnPort {

		}

		@ConditionalOnBooleanProperty("pid1.shutdown.pre-stop-on-main-port")
		static final class Allowed {

		}

	}

}
