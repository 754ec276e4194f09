package dev.pid1.testcontainers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An orphan storm inside the container (needs a shell in the image): a script
 * double-forks short-lived processes, each re-parented to PID 1 and exiting with a code
 * of its own; meanwhile, optionally, the app starts child processes of its own, whose
 * exit codes a careless reaper would steal.
 *
 * @param orphans how many orphans
 * @param childrenPath a path on the app's port that starts child processes with exit
 * codes {@code i % 256} and answers {@code {"exitCodes": [...]}} with what
 * {@code Process.waitFor()} returned, in order; {@code null} for none
 * @param zombieTimeout how long to wait for the last zombie to be reaped
 * @author pid1 authors
 */
public record OrphanStorm(int orphans, @Nullable String childrenPath, Duration zombieTimeout) {

	/**
	 * A storm of orphans; zombies get 30 s to be reaped.
	 * @param orphans how many
	 * @return the storm
	 */
	public static OrphanStorm of(int orphans) {
		return new OrphanStorm(orphans, null, Duration.ofSeconds(30));
	}

	/**
	 * Also calls an endpoint of the app that starts child processes, while the storm
	 * runs, and checks their exit codes.
	 * @param path the path, such as {@code /tools/exit-codes?count=300}
	 * @return a copy
	 */
	public OrphanStorm childProcesses(String path) {
		return new OrphanStorm(this.orphans, path, this.zombieTimeout);
	}

	/**
	 * How long to wait for the last zombie to be reaped.
	 * @param timeout the timeout
	 * @return a copy
	 */
	public OrphanStorm zombieTimeout(Duration timeout) {
		return new OrphanStorm(this.orphans, this.childrenPath, timeout);
	}

	/**
	 * The script: each grandchild's parent (a subshell) exits first, so the grandchild is
	 * re-parented to PID 1, then exits with {@code i % 256}.
	 * @return the {@code sh} script
	 */
	String script() {
		return "n=" + this.orphans
				+ "; i=0; while [ \"$i\" -lt \"$n\" ]; do ( (exit $((i % 256))) & ); i=$((i + 1)); done";
	}

	/**
	 * Prints the state of every process from {@code /proc/<pid>/stat}: the field after
	 * the command, which ends at the last {@code ") "}. No {@code ps}, whose output
	 * differs.
	 */
	static final String STATES = "for f in /proc/[0-9]*/stat; do { read -r l < \"$f\"; } 2>/dev/null || continue;"
			+ " s=${l##*) }; echo \"${s%% *}\"; done";

}
