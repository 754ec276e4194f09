package dev.pid1.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of what pid1 does for a gRPC server (Spring Boot 4.1's
 * {@code spring-boot-grpc-server}) when the drain begins. They validate themselves when
 * bound, as {@link Pid1Properties} do.
 *
 * @author pid1 authors
 */
@ConfigurationProperties("pid1.grpc")
public class Pid1GrpcProperties implements Validator {

	/**
	 * Whether pid1 drains the gRPC server: health NOT_SERVING and a graceful GOAWAY on
	 * every connection when the drain begins, gRPC calls counted as the drain's traffic.
	 */
	private boolean enabled = true;

	/**
	 * How long a gRPC connection opened during the drain is served before it too gets the
	 * graceful GOAWAY.
	 */
	private Duration newConnectionGoAwayDelay = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getNewConnectionGoAwayDelay() {
		return this.newConnectionGoAwayDelay;
	}

	public void setNewConnectionGoAwayDelay(Duration newConnectionGoAwayDelay) {
		this.newConnectionGoAwayDelay = newConnectionGoAwayDelay;
	}

	@Override
	public boolean supports(Class<?> type) {
		return Pid1GrpcProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Pid1PropertiesValidation.validate((Pid1GrpcProperties) target, errors);
	}

}
