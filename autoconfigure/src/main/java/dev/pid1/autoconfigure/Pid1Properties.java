package dev.pid1.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.pid1.diagnosis.ShowValues;

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

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Diagnostics getDiagnostics() {
		return this.diagnostics;
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

}
