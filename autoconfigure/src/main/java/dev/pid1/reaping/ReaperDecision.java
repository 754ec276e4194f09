package dev.pid1.reaping;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.NativePlatform;

/**
 * Whether and how the reaper runs: decided once, when the platform has loaded. Until then
 * it is {@link Pending}; after, only an {@link Active} reaper changes, to {@link Failed},
 * when its thread dies.
 *
 * @author pid1 authors
 */
public sealed interface ReaperDecision {

	/**
	 * One line that says whether and how the reaper runs.
	 * @return the description
	 */
	String describe();

	/**
	 * Why this JVM does not reap although its zombies are its own to reap.
	 * @return the problem, {@code null} when it reaps or they are not its own
	 */
	default @Nullable ReaperProblem problem() {
		return null;
	}

	/**
	 * Whether this decision may be followed by the given one.
	 * @param next the next state
	 * @return whether the move is allowed
	 */
	default boolean canBecome(ReaperDecision next) {
		return false;
	}

	/**
	 * Not decided yet: the native platform is loading (or the application is not ready).
	 */
	record Pending() implements ReaperDecision {

		@Override
		public String describe() {
			return "not started yet: the native platform is loading";
		}

		@Override
		public boolean canBecome(ReaperDecision next) {
			return !(next instanceof Pending) && !(next instanceof Failed);
		}

	}

	/**
	 * Off by configuration ({@code pid1.reaper.mode=off}).
	 */
	record Off() implements ReaperDecision {

		@Override
		public String describe() {
			return "off (pid1.reaper.mode=off)";
		}

	}

	/**
	 * Not reaping, and why: no native support, or this JVM is neither PID 1 nor a child
	 * subreaper and may not become one.
	 *
	 * @param reason why, in words for the log
	 */
	record Inactive(String reason) implements ReaperDecision {

		@Override
		public String describe() {
			return "not reaping: " + this.reason;
		}

	}

	/**
	 * Not reaping although this JVM's zombies are its own to reap (it is PID 1): native
	 * support is missing. A warning, with the fix.
	 *
	 * @param role why the zombies are this JVM's to reap
	 * @param problem why it cannot, and the fix
	 */
	record Unable(ReaperRole role, ReaperProblem problem) implements ReaperDecision {

		@Override
		public String describe() {
			return "cannot reap zombies as " + ReaperDecision.roleName(this.role) + ": " + this.problem.cause()
					+ "; orphans re-parented to this JVM stay zombies. Fix: " + this.problem.fix();
		}

	}

	/**
	 * Reaped, until its thread died of an {@link Error}. A warning, with the cause.
	 *
	 * @param role why the zombies are this JVM's to reap
	 * @param problem why it stopped, and the fix
	 */
	record Failed(ReaperRole role, ReaperProblem problem) implements ReaperDecision {

		@Override
		public String describe() {
			return "stopped reaping zombies as " + ReaperDecision.roleName(this.role) + ": " + this.problem.cause()
					+ "; orphans re-parented to this JVM stay zombies from now on. Fix: " + this.problem.fix();
		}

	}

	/**
	 * Reaping.
	 *
	 * @param platform the platform that reaps
	 * @param role why this JVM's zombies are its own to reap
	 * @param strategy how it tells its zombies from the JDK's children
	 * @param description how it runs, and for safe mode how to get exact mode
	 */
	record Active(NativePlatform platform, ReaperRole role, ReapStrategy strategy,
			String description) implements ReaperDecision {

		@Override
		public String describe() {
			return this.description;
		}

		@Override
		public boolean canBecome(ReaperDecision next) {
			return next instanceof Failed;
		}

	}

	private static String roleName(ReaperRole role) {
		return switch (role) {
			case PID_1 -> "PID 1";
			case SUBREAPER -> "a child subreaper";
			case SUBREAPER_BY_POLICY -> "a child subreaper (by pid1.subreaper)";
		};
	}

}
