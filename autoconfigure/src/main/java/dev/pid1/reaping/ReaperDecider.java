package dev.pid1.reaping;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.Durations;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.platform.ProcessPlatform.Support;
import dev.pid1.platform.UnsupportedPlatform;
import dev.pid1.reaping.ReaperDecision.Active;
import dev.pid1.reaping.ReaperDecision.Inactive;
import dev.pid1.reaping.ReaperDecision.Off;
import dev.pid1.reaping.ReaperDecision.Unable;

/**
 * Decides whether and how to reap: the role (PID 1, a child subreaper, or one by policy,
 * which it then becomes) and the strategy (exact when the JDK's child registry is
 * readable and safe mode was not asked for, safe otherwise).
 *
 * @author pid1 authors
 */
final class ReaperDecider {

	private ReaperDecider() {
	}

	/**
	 * Decides. Becomes a child subreaper when this JVM is not PID 1 and the policy says
	 * so.
	 * @param settings the settings
	 * @param platform the loaded platform
	 * @param environment where this JVM runs: whether it is PID 1, and for the subreaper
	 * policy {@code auto} whether it runs in a container or on Kubernetes
	 * @return the decision
	 */
	static ReaperDecision decide(ReaperSettings settings, ProcessPlatform platform, EnvironmentFacts environment) {
		if (settings.mode() == ReaperMode.OFF) {
			return new Off();
		}
		if (!(platform instanceof NativePlatform nativePlatform)) {
			Support support = platform.support();
			if (environment.init()) {
				// Every orphan of the namespace is re-parented to this JVM, and nothing
				// else will reap it. (Without native calls the subreaper flag cannot be
				// read: an inert JVM knows only whether it is PID 1.)
				return new Unable(ReaperRole.PID_1, new ReaperProblem(support.reason(),
						Objects.requireNonNullElse(support.fix(), UnsupportedPlatform.Cause.FAILED.fix())));
			}
			return new Inactive(support.reason());
		}
		String role;
		ReaperRole kind;
		SubreaperPolicy policy = settings.subreaper();
		String policyName = policy.name().toLowerCase(Locale.ROOT);
		if (environment.init()) {
			kind = ReaperRole.PID_1;
			role = "PID 1";
		}
		else if (nativePlatform.isSubreaper()) {
			kind = ReaperRole.SUBREAPER;
			role = "a child subreaper";
		}
		else {
			boolean become = policy == SubreaperPolicy.ALWAYS
					|| (policy == SubreaperPolicy.AUTO && environment.orchestrated());
			if (!become) {
				return new Inactive("this JVM is neither PID 1 nor a child subreaper (pid1.subreaper=" + policyName
						+ ((policy == SubreaperPolicy.AUTO) ? ", and no container was detected)" : ")"));
			}
			try {
				nativePlatform.setSubreaper(true);
			}
			catch (RuntimeException ex) {
				return new Inactive("could not become a child subreaper (" + ex.getMessage() + ")");
			}
			kind = ReaperRole.SUBREAPER_BY_POLICY;
			role = "a child subreaper (pid1.subreaper=" + policyName + ")";
		}
		@Nullable String safeModeReason = null;
		ReapStrategy strategy;
		if (settings.mode() == ReaperMode.SAFE) {
			strategy = new SafeStrategy(nativePlatform, settings.grace());
		}
		else {
			try {
				strategy = new ExactStrategy(nativePlatform, JdkChildRegistry.open()::isWaitingFor);
			}
			catch (IllegalStateException ex) {
				safeModeReason = ex.getMessage();
				strategy = new SafeStrategy(nativePlatform, settings.grace());
			}
		}
		return new Active(nativePlatform, kind, strategy,
				"reaping zombies as " + role + " in " + describe(settings, strategy, safeModeReason));
	}

	private static String describe(ReaperSettings settings, ReapStrategy strategy, @Nullable String safeModeReason) {
		if (strategy instanceof ExactStrategy) {
			return "exact mode (orphans are reaped as soon as they are seen; children the JDK waits for are left to it)";
		}
		String grace = Durations.format(settings.grace());
		if (settings.mode() == ReaperMode.SAFE) {
			return "safe mode (a zombie is reaped after it stayed one for " + grace + ", pid1.reaper.mode=safe)";
		}
		return "safe mode (a zombie is reaped after it stayed one for " + grace + "); "
				+ ((settings.mode() == ReaperMode.EXACT) ? "exact mode was asked for but " : "")
				+ "for exact mode, which reaps at once, " + JdkChildRegistry.HOW_TO_OPEN
				+ ((safeModeReason != null && !safeModeReason.contains("--add-opens")) ? " [" + safeModeReason + "]"
						: "");
	}

}
