package dev.pid1.reaping;

import dev.pid1.platform.NativePlatform;

/**
 * Whether and how the reaper runs: decided once, when the platform has loaded, and never
 * changed after. Until then it is {@link Pending}.
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
	 * Not decided yet: the native platform is loading (or the application is not ready).
	 */
	record Pending() implements ReaperDecision {

		@Override
		public String describe() {
			return "not started yet: the native platform is loading";
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

	}

}
