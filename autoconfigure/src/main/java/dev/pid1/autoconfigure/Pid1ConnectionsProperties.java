package dev.pid1.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of what pid1 tells the web server's connections when the drain
 * begins. They validate themselves when bound, as {@link Pid1Properties} do.
 *
 * @author pid1 authors
 */
@ConfigurationProperties("pid1.connections")
public class Pid1ConnectionsProperties implements Validator {

	/**
	 * Whether pid1 acts on the web server's connections during the drain.
	 */
	private boolean enabled = true;

	/**
	 * Whether each HTTP/2 connection gets a graceful GOAWAY when the drain begins, so
	 * that clients and proxies open new streams elsewhere while streams in flight
	 * complete.
	 */
	private boolean goAway = true;

	/**
	 * Time between the graceful GOAWAY and the final one with the last stream id: at
	 * least one round trip to the farthest client.
	 */
	private Duration finalGoAwayDelay = Duration.ofSeconds(1);

	/**
	 * Whether HTTP/1.x keep-alive connections open before the drain are closed during it
	 * once idle, while the app still accepts new connections.
	 */
	private boolean closeIdle = true;

	/**
	 * How often the connections opened during the drain are looked at.
	 */
	private Duration sweepInterval = Duration.ofMillis(100);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isGoAway() {
		return this.goAway;
	}

	public void setGoAway(boolean goAway) {
		this.goAway = goAway;
	}

	public Duration getFinalGoAwayDelay() {
		return this.finalGoAwayDelay;
	}

	public void setFinalGoAwayDelay(Duration finalGoAwayDelay) {
		this.finalGoAwayDelay = finalGoAwayDelay;
	}

	public boolean isCloseIdle() {
		return this.closeIdle;
	}

	public void setCloseIdle(boolean closeIdle) {
		this.closeIdle = closeIdle;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = sweepInterval;
	}

	@Override
	public boolean supports(Class<?> type) {
		return Pid1ConnectionsProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Pid1PropertiesValidation.validate((Pid1ConnectionsProperties) target, errors);
	}

}
