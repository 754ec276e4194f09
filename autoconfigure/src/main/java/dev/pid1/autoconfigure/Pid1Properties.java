package dev.pid1.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.pid1.diagnosis.ShowValues;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.reaping.SubreaperPolicy;

/**
 * Configuration properties for pid1.
 *
 * @author pid1 authors
 */
@ConfigurationProperties("pid1")
public class Pid1Properties {

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

	/**
	 * Startup diagnosis of PID 1 and of the signal path.
	 */
	public static class Diagnostics {

		/**
		 * When to show whole command lines of the processes on the signal path.
		 * Executable names and the flags that decide the verdict are always shown;
		 * environment values never are. Logs show them only with 'always'.
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
		 * reaps it. Between 100ms and 1m.
		 */
		private Duration grace = Duration.ofSeconds(1);

		/**
		 * How often to look again while zombies remain that cannot be reaped yet; with
		 * none the reaper sleeps until a child exits. Between 1ms and 10s.
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
		 * How long they get between SIGTERM and SIGKILL. Between 100ms and 5m.
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

}
