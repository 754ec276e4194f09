package dev.pid1.testcontainers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How to terminate a container, as the kubelet does: the termination begins (the pod is
 * deleted), traffic keeps arriving for {@code lag} (endpoint removal and load balancers
 * lag behind), the preStop hook runs, then SIGTERM, then SIGKILL when the grace period,
 * counted from the beginning, ends. Immutable: each {@code with}-style method returns a
 * copy.
 *
 * @param preStop the preStop hook, {@code null} for none
 * @param trafficPath the path requests go to on the app's port during the termination
 * @param rate requests per second, sent at a constant rate
 * @param warmUp traffic before the termination begins
 * @param lag how long traffic goes on after the termination begins
 * @param gracePeriod terminationGracePeriodSeconds: SIGKILL when it ends
 * @param inFlightPath a slow request started before the termination, {@code null} for
 * none
 * @param requestTimeout how long one request may take
 * @param maxOutstanding the most requests outstanding at once; one more counts as failed
 * @author pid1 authors
 */
public record Termination(@Nullable PreStop preStop, String trafficPath, int rate, Duration warmUp, Duration lag,
		Duration gracePeriod, @Nullable String inFlightPath, Duration requestTimeout, int maxOutstanding) {

	/**
	 * Kubernetes' defaults: no preStop hook, a 30 s grace period; 50 requests a second to
	 * {@code /} for 1 s before and 3 s after the termination begins, each given 30 s (CI
	 * machines are shared: a timeout should mean the app is gone, not busy).
	 * @return the termination
	 */
	public static Termination kubernetes() {
		return new Termination(null, "/", 50, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30),
				null, Duration.ofSeconds(30), 256);
	}

	/**
	 * The grace period and preStop hook of a Deployment manifest.
	 * @param manifest the manifest
	 * @return the termination
	 */
	public static Termination of(DeploymentManifest manifest) {
		return kubernetes().gracePeriod(manifest.gracePeriod()).preStop(manifest.preStop());
	}

	/**
	 * Traffic during the termination.
	 * @param path the path on the app's port, such as {@code /orders}
	 * @param perSecond requests per second
	 * @return a copy
	 */
	public Termination traffic(String path, int perSecond) {
		if (perSecond <= 0) {
			throw new IllegalArgumentException("The rate must be positive: " + perSecond);
		}
		return new Termination(this.preStop, path, perSecond, this.warmUp, this.lag, this.gracePeriod,
				this.inFlightPath, this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * How long traffic goes on after the termination begins.
	 * @param lag the lag
	 * @return a copy
	 */
	public Termination lag(Duration lag) {
		return new Termination(this.preStop, this.trafficPath, this.rate, this.warmUp, lag, this.gracePeriod,
				this.inFlightPath, this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * Traffic before the termination begins.
	 * @param warmUp how long
	 * @return a copy
	 */
	public Termination warmUp(Duration warmUp) {
		return new Termination(this.preStop, this.trafficPath, this.rate, warmUp, this.lag, this.gracePeriod,
				this.inFlightPath, this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * The grace period: SIGKILL when it ends, counted from the beginning (it includes the
	 * preStop hook).
	 * @param gracePeriod the grace period
	 * @return a copy
	 */
	public Termination gracePeriod(Duration gracePeriod) {
		return new Termination(this.preStop, this.trafficPath, this.rate, this.warmUp, this.lag, gracePeriod,
				this.inFlightPath, this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * The preStop hook.
	 * @param preStop the hook, {@code null} for none
	 * @return a copy
	 */
	public Termination preStop(@Nullable PreStop preStop) {
		return new Termination(preStop, this.trafficPath, this.rate, this.warmUp, this.lag, this.gracePeriod,
				this.inFlightPath, this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * A slow request in flight when the termination begins, that a graceful shutdown
	 * completes.
	 * @param path the path on the app's port, such as {@code /orders/report?millis=5000}
	 * @return a copy
	 */
	public Termination inFlightRequest(String path) {
		return new Termination(this.preStop, this.trafficPath, this.rate, this.warmUp, this.lag, this.gracePeriod, path,
				this.requestTimeout, this.maxOutstanding);
	}

	/**
	 * How long one request of the traffic may take.
	 * @param timeout the timeout
	 * @return a copy
	 */
	public Termination requestTimeout(Duration timeout) {
		return new Termination(this.preStop, this.trafficPath, this.rate, this.warmUp, this.lag, this.gracePeriod,
				this.inFlightPath, timeout, this.maxOutstanding);
	}

	@Override
	public String toString() {
		return "termination: " + ((this.preStop != null) ? this.preStop + ", then " : "") + "SIGTERM, SIGKILL at "
				+ this.gracePeriod.toMillis() + " ms; " + this.rate + " requests/s to " + this.trafficPath + " for "
				+ this.lag.toMillis() + " ms after the termination begins";
	}

}
