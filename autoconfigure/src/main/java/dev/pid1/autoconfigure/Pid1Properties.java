package dev.pid1.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import dev.pid1.diagnosis.ShowValues;
import dev.pid1.platform.NativeBackendMode;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.reaping.SubreaperPolicy;
import dev.pid1.shutdown.DrainMode;
import dev.pid1.shutdown.GracePeriodCheck;

/**
 * Configuration properties for pid1. They validate themselves when bound (see
 * {@code Pid1PropertyRanges} for the accepted ranges), so that a bad value fails startup
 * with Spring Boot's report naming the property, the value and what is accepted.
 *
 * @author pid1 authors
 */
@ConfigurationProperties("pid1")
public class Pid1Properties implements Validator {

	/**
	 * Whether pid1 is enabled. When off, pid1 installs nothing: no diagnosis, signal
	 * handling, reaping or drain.
	 */
	private boolean enabled = true;

	private final Diagnostics diagnostics = new Diagnostics();

	/**
	 * When a JVM that is not PID 1 makes itself a child subreaper, so that it reaps the
	 * orphans of its own descendants: 'auto' in a container only, 'always', or 'never'.
	 */
	private SubreaperPolicy subreaper = SubreaperPolicy.AUTO;

	private final Reaper reaper = new Reaper();

	private final Children children = new Children();

	private final Shutdown shutdown = new Shutdown();

	private final Native nativeCalls = new Native();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Diagnostics getDiagnostics() {
		return this.diagnostics;
	}

	public SubreaperPolicy getSubreaper() {
		return this.subreaper;
	}

	public void setSubreaper(SubreaperPolicy subreaper) {
		this.subreaper = subreaper;
	}

	public Reaper getReaper() {
		return this.reaper;
	}

	public Children getChildren() {
		return this.children;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Native getNative() {
		return this.nativeCalls;
	}

	@Override
	public boolean supports(Class<?> type) {
		return Pid1Properties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Pid1PropertiesValidation.validate((Pid1Properties) target, errors);
	}

	/**
	 * Startup diagnosis of PID 1 and of the signal path.
	 */
	public static class Diagnostics {

		/**
		 * When to show whole command lines of the processes on the signal path.
		 * Executable names and the flags that decide the verdict are always shown;
		 * environment values never are. Logs show them only with 'always'. Shown values
		 * go through the application's SanitizingFunction beans, as the env endpoint's.
		 */
		private ShowValues showValues = ShowValues.NEVER;

		/**
		 * Roles allowed to see whole command lines when show-values is 'when-authorized'.
		 * Any authenticated user when empty.
		 */
		private Set<String> roles = new LinkedHashSet<>();

		/**
		 * Whether to log the one-line diagnosis at startup.
		 */
		private boolean logOnStartup = true;

		public ShowValues getShowValues() {
			return this.showValues;
		}

		public void setShowValues(ShowValues showValues) {
			this.showValues = showValues;
		}

		public Set<String> getRoles() {
			return this.roles;
		}

		public void setRoles(Set<String> roles) {
			this.roles = roles;
		}

		public boolean isLogOnStartup() {
			return this.logOnStartup;
		}

		public void setLogOnStartup(boolean logOnStartup) {
			this.logOnStartup = logOnStartup;
		}

	}

	/**
	 * How pid1 makes its system calls.
	 */
	public static class Native {

		/**
		 * The native backend: 'auto' is the foreign function API on Java 22+ (then JNA if
		 * it fails to load) and JNA on Java 17-21; 'ffm' the foreign function API only
		 * (Java 22+); 'jna' JNA only.
		 */
		private NativeBackendMode backend = NativeBackendMode.AUTO;

		public NativeBackendMode getBackend() {
			return this.backend;
		}

		public void setBackend(NativeBackendMode backend) {
			this.backend = backend;
		}

	}

	/**
	 * Zombie reaping, when this JVM is PID 1 or a child subreaper.
	 */
	public static class Reaper {

		/**
		 * How to tell orphans from children the JDK waits for: 'exact' reads the JDK's
		 * registry (needs --add-opens java.base/java.lang=ALL-UNNAMED) and reaps at once,
		 * 'safe' reaps a zombie only after it stayed one for the grace, 'auto' is exact
		 * when possible and safe otherwise, 'off' does not reap.
		 */
		private ReaperMode mode = ReaperMode.AUTO;

		/**
		 * How long a zombie must stay one (same pid, same start time) before safe mode
		 * reaps it.
		 */
		private Duration grace = Duration.ofSeconds(1);

		/**
		 * How often to look again while zombies remain that cannot be reaped yet; with
		 * none the reaper sleeps until a child exits.
		 */
		private Duration interval = Duration.ofMillis(50);

		public ReaperMode getMode() {
			return this.mode;
		}

		public void setMode(ReaperMode mode) {
			this.mode = mode;
		}

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * The processes left in this JVM's tree when the application context has closed.
	 */
	public static class Children {

		/**
		 * Whether to stop them once the context has closed, when this JVM reaps: SIGTERM,
		 * the grace, SIGKILL, and reap all.
		 */
		private boolean terminate = true;

		/**
		 * How long they get between SIGTERM and SIGKILL.
		 */
		private Duration grace = Duration.ofSeconds(3);

		public boolean isTerminate() {
			return this.terminate;
		}

		public void setTerminate(boolean terminate) {
			this.terminate = terminate;
		}

		public Duration getGrace() {
			return this.grace;
		}

		public void setGrace(Duration grace) {
			this.grace = grace;

		}

	}

	/**
	 * Shutdown: readiness off, drain, graceful close, exit.
	 */
	public static class Shutdown {

		/**
		 * Whether pid1 runs the shutdown sequence: SIGTERM and SIGINT handling, readiness
		 * off, drain, hard deadline and exit code.
		 */
		private boolean enabled = true;

		/**
		 * When to drain before closing: 'auto' drains in a container, on Kubernetes, or
		 * as PID 1; 'always'; 'never'. Only an app with a web server that was ready
		 * drains.
		 */
		private DrainMode drain = DrainMode.AUTO;

		/**
		 * Shortest drain: the app keeps serving at least this long after shutdown begins,
		 * however quiet it is. Without it, the quiet period is the shortest drain when
		 * traffic is low, and high traffic shows itself when the routing has stopped.
		 */
		private Duration drainMin = Duration.ZERO;

		/**
		 * Longest drain, however busy the app still is.
		 */
		private Duration drainMax = Duration.ofSeconds(20);

		/**
		 * The drain ends once no request has arrived on the main port for this long
		 * (between the minimum and the maximum), when traffic is below the adaptive rate;
		 * above it, the longest silence needed.
		 */
		private Duration quietPeriod = Duration.ofSeconds(2);

		private final Adaptive adaptive = new Adaptive();

		/**
		 * The same signal again within this time after the first of its burst is a repeat
		 * and changes nothing (a script or supervisor that sends it again and again);
		 * after it, or a different signal, it is a separate one: the second cuts the
		 * drain short, the third halts. 0 makes every signal count.
		 */
		private Duration signalBurstWindow = Duration.ofSeconds(1);

		/**
		 * Hard deadline, from the start of shutdown (SIGTERM or preStop call): past it,
		 * pid1 logs a thread dump and halts the JVM, before the orchestrator's SIGKILL.
		 * Defaults to the grace period minus 3 s (27 s with Kubernetes' default of 30 s).
		 */
		private @Nullable Duration deadline;

		/**
		 * The orchestrator's grace period (Kubernetes' terminationGracePeriodSeconds; a
		 * bare number means seconds), for instance from the environment variable
		 * PID1_SHUTDOWN_GRACEPERIOD. When set, startup checks that the drain and the
		 * close fit into it.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration gracePeriod;

		/**
		 * What to do when the drain maximum, the shutdown phase timeout and a 3 s margin
		 * exceed the configured grace period: 'warn' or 'fail' startup. A deadline that
		 * cannot fit always fails.
		 */
		private GracePeriodCheck gracePeriodCheck = GracePeriodCheck.WARN;

		/**
		 * Exit code remapping, like tini's -e: keys are signals (TERM, SIGINT) or exit
		 * codes (143), values exit codes. Without it, a signal ends the JVM with 128 +
		 * signal (143 for SIGTERM).
		 */
		private Map<String, Integer> exitCodes = new LinkedHashMap<>();

		/**
		 * Whether responses during the drain carry 'Connection: close', so that
		 * keep-alive clients reconnect elsewhere.
		 */
		private boolean connectionClose = true;

		/**
		 * Whether connections to the main port that wait in the kernel for the app (in
		 * the accept queue, or with a request not read yet) keep the drain from ending on
		 * silence: on a starved CPU the app sees requests late, and a silence is not the
		 * end of the traffic. Linux only.
		 */
		private boolean holdForBacklog = true;

		/**
		 * Whether the preStop endpoint may be served when the management server shares
		 * the main port (it then is reachable by every client).
		 */
		private boolean preStopOnMainPort;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DrainMode getDrain() {
			return this.drain;
		}

		public void setDrain(DrainMode drain) {
			this.drain = drain;
		}

		public Duration getDrainMin() {
			return this.drainMin;
		}

		public void setDrainMin(Duration drainMin) {
			this.drainMin = drainMin;
		}

		public Duration getDrainMax() {
			return this.drainMax;
		}

		public void setDrainMax(Duration drainMax) {
			this.drainMax = drainMax;
		}

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		public Adaptive getAdaptive() {
			return this.adaptive;
		}

		public Duration getSignalBurstWindow() {
			return this.signalBurstWindow;
		}

		public void setSignalBurstWindow(Duration signalBurstWindow) {
			this.signalBurstWindow = signalBurstWindow;
		}

		public @Nullable Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(@Nullable Duration deadline) {
			this.deadline = deadline;
		}

		public @Nullable Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(@Nullable Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

		public GracePeriodCheck getGracePeriodCheck() {
			return this.gracePeriodCheck;
		}

		public void setGracePeriodCheck(GracePeriodCheck gracePeriodCheck) {
			this.gracePeriodCheck = gracePeriodCheck;
		}

		public Map<String, Integer> getExitCodes() {
			return this.exitCodes;
		}

		public void setExitCodes(Map<String, Integer> exitCodes) {
			this.exitCodes = exitCodes;
		}

		public boolean isConnectionClose() {
			return this.connectionClose;
		}

		public void setConnectionClose(boolean connectionClose) {
			this.connectionClose = connectionClose;
		}

		public boolean isHoldForBacklog() {
			return this.holdForBacklog;
		}

		public void setHoldForBacklog(boolean holdForBacklog) {
			this.holdForBacklog = holdForBacklog;
		}

		public boolean isPreStopOnMainPort() {
			return this.preStopOnMainPort;
		}

		public void setPreStopOnMainPort(boolean preStopOnMainPort) {
			this.preStopOnMainPort = preStopOnMainPort;
		}

		/**
		 * The adaptive end of the drain: at high traffic, a silence the arrivals make
		 * significant ends it before the quiet period.
		 */
		public static class Adaptive {

			/**
			 * Whether the arrivals may end the drain before the quiet period: at a rate
			 * of at least min-rate, once the silence lasts 'gaps' mean gaps and 1.5 times
			 * the longest gap of the window, between silence-min and the quiet period.
			 */
			private boolean enabled = true;

			/**
			 * The rate, in requests per second on the main port over the window, from
			 * which the arrivals may end the drain.
			 */
			private double minRate = 20;

			/**
			 * How many mean gaps between the recent requests a silence must last to end
			 * the drain.
			 */
			private double gaps = 8;

			/**
			 * The shortest silence that ends the drain, however busy the app was.
			 */
			private Duration silenceMin = Duration.ofMillis(250);

			/**
			 * The time before the latest request that the rate and the gaps are taken
			 * over (at most the latest 8192 requests).
			 */
			private Duration window = Duration.ofSeconds(10);

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public double getMinRate() {
				return this.minRate;
			}

			public void setMinRate(double minRate) {
				this.minRate = minRate;
			}

			public double getGaps() {
				return this.gaps;
			}

			public void setGaps(double gaps) {
				this.gaps = gaps;
			}

			public Duration getSilenceMin() {
				return this.silenceMin;
			}

			public void setSilenceMin(Duration silenceMin) {
				this.silenceMin = silenceMin;
			}

			public Duration getWindow() {
				return this.window;
			}

			public void setWindow(Duration window) {
				this.window = window;
			}

		}

	}

}
