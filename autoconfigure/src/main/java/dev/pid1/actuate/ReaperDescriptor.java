package dev.pid1.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonValue;

import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReapedProcess;
import dev.pid1.reaping.ReaperProblem;
import dev.pid1.reaping.ReaperStatus;

/**
 * Zombie reaping in the {@code pid1} endpoint's response.
 *
 * @param active whether this JVM reaps (it is PID 1 or a child subreaper)
 * @param mode the mode in effect, {@code null} while not decided or inactive
 * @param detail how it runs (for safe mode, how to get exact mode), or why it does not
 * @param problem why it does not reap although this JVM's zombies are its own to reap
 * (PID 1 without native support, a reaper thread that died), {@code null} otherwise
 * @param reaped zombies reaped so far
 * @param zombies zombies waiting to be reaped at the last look
 * @param peakZombies the most zombies seen at once
 * @param lastReaped the last process reaped, {@code null} before the first
 * @param children the descendants stopped at shutdown
 * @author pid1 authors
 */
public record ReaperDescriptor(boolean active, @Nullable Mode mode, String detail, @Nullable Problem problem,
		long reaped, int zombies, int peakZombies, @Nullable LastReaped lastReaped, Children children) {

	static ReaperDescriptor of(ReaperStatus status, DescendantTerminator.Totals children) {
		ReapedProcess last = status.lastReaped();
		ReaperProblem problem = status.problem();
		return new ReaperDescriptor(status.active(), (status.mode() != null) ? Mode.of(status.mode()) : null,
				status.detail(), (problem != null) ? new Problem(problem.cause(), problem.fix()) : null,
				status.reaped(), status.zombies(), status.peakZombies(),
				(last != null)
						? new LastReaped(last.pid(), last.command(), last.exitCode(), last.signal(), last.reapedAt())
						: null,
				new Children(children.terminated(), children.killed()));
	}

	/**
	 * The reaping mode in effect, written as {@code pid1.reaper.mode} spells it.
	 */
	public enum Mode {

		/** Orphans are reaped as soon as they are seen. */
		EXACT("exact"),

		/** A zombie is reaped once it stayed one for the grace. */
		SAFE("safe"),

		/** Reaping is off. */
		OFF("off");

		private final String value;

		Mode(String value) {
			this.value = value;
		}

		/**
		 * The mode as the JSON and {@code pid1.reaper.mode} write it.
		 * @return the value
		 */
		@JsonValue
		public String value() {
			return this.value;
		}

		static Mode of(ReaperStatus.Mode mode) {
			return switch (mode) {
				case EXACT -> EXACT;
				case SAFE -> SAFE;
				case OFF -> OFF;
			};
		}

	}

	/**
	 * Why this JVM does not reap although its zombies are its own to reap: its orphans
	 * stay zombies.
	 *
	 * @param cause what keeps it from reaping
	 * @param fix what to change
	 */
	public record Problem(String cause, String fix) {

	}

	/**
	 * The last process reaped.
	 *
	 * @param pid its pid
	 * @param command its command name ({@code comm})
	 * @param exitCode its exit code, {@code null} when a signal killed it
	 * @param signal the signal that killed it ({@code KILL}, ...), {@code null} when it
	 * exited
	 * @param reapedAt when it was reaped
	 */
	public record LastReaped(long pid, String command, @Nullable Integer exitCode, @Nullable String signal,
			Instant reapedAt) {

	}

	/**
	 * The processes left in this JVM's tree when the context closed.
	 *
	 * @param terminated how many ended after SIGTERM
	 * @param killed how many were SIGKILLed after the grace
	 */
	public record Children(long terminated, long killed) {

	}

}
