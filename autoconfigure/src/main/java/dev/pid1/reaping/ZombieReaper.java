package dev.pid1.reaping;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.reaping.ReaperDecision.Active;
import dev.pid1.reaping.ReaperDecision.Failed;
import dev.pid1.reaping.ReaperDecision.Off;
import dev.pid1.reaping.ReaperDecision.Pending;

/**
 * Reaps the zombies of this JVM's tree when it is PID 1 or a child subreaper, without
 * ever taking the exit status of a child the JDK waits for (which would turn that
 * {@link Process#waitFor()} into a silent {@code 0}).
 * <p>
 * The {@link ReaperDecision} is taken once, when the platform has loaded
 * ({@link ReaperDecider}); an active reaper runs a {@link ReapStrategy} in rounds, each a
 * look at the children of the leader task only (orphans attach there; children the JDK
 * starts attach to the thread that started them until it ends), from its own thread
 * ({@link ReaperLoop}) and from whoever calls {@link #reapNow()}, one round at a time.
 *
 * @author pid1 authors
 */
public class ZombieReaper {

	private static final Log logger = LogFactory.getLog(ZombieReaper.class);

	private final ReaperSettings settings;

	private final ReaperStatistics statistics = new ReaperStatistics();

	private volatile ReaperDecision decision;

	private @Nullable ReaperLoop loop;

	public ZombieReaper(ReaperSettings settings) {
		this.settings = settings;
		this.decision = (settings.mode() == ReaperMode.OFF) ? new Off() : new Pending();
	}

	/**
	 * Decides whether to reap and, if so, starts the reaper thread; later calls change
	 * nothing. Call it off the main thread, once the platform has loaded.
	 * @param platform the loaded platform
	 * @param environment where this JVM runs (PID 1, and for the subreaper policy
	 * {@code auto}, a container or Kubernetes)
	 * @return whether the reaper runs
	 */
	public synchronized boolean start(ProcessPlatform platform, EnvironmentFacts environment) {
		if (this.decision instanceof Pending) {
			ReaperDecision decided = ReaperDecider.decide(this.settings, platform, environment);
			if (transition(decided) && decided instanceof Active active) {
				this.loop = new ReaperLoop(active.platform(), this.settings.interval(), this::reapRound, this::died,
						this.statistics);
				this.loop.start();
			}
		}
		return isActive();
	}

	/**
	 * The reaper thread died of an error: from now on this reaper is {@link Failed}, and
	 * says why, once, as a warning.
	 * @param error what it died of
	 */
	void died(Throwable error) {
		ReaperDecision current = this.decision;
		ReaperRole role = (current instanceof Active active) ? active.role() : ReaperRole.PID_1;
		if (transition(new Failed(role, ReaperProblem.died(error)))) {
			logger.warn(describe(), error);
		}
	}

	/**
	 * The one way the decision changes: {@link Pending} to decided, {@link Active} to
	 * {@link Failed}, never back.
	 * @param next the next state
	 * @return whether it moved
	 */
	private synchronized boolean transition(ReaperDecision next) {
		if (!this.decision.canBecome(next)) {
			return false;
		}
		this.decision = next;
		return true;
	}

	/**
	 * Stops the reaper thread, if it runs.
	 */
	public synchronized void stop() {
		if (this.loop != null) {
			this.loop.stop();
		}
	}

	/**
	 * Whether this JVM reaps (it is PID 1 or a child subreaper, native support works, and
	 * its reaper thread lives).
	 * @return whether the reaper is active
	 */
	public boolean isActive() {
		return this.decision instanceof Active;
	}

	/**
	 * Whether and how the reaper runs.
	 * @return the decision, {@link Pending} until it is taken
	 */
	public ReaperDecision decision() {
		return this.decision;
	}

	/**
	 * One line that says whether and how the reaper runs, and for safe mode how to get
	 * exact mode.
	 * @return the description
	 */
	public String describe() {
		return "pid1: " + this.decision.describe();
	}

	/**
	 * What the reaper has done so far.
	 * @return the status
	 */
	public ReaperStatus status() {
		ReaperDecision current = this.decision;
		ReaperStatus.Mode mode = (current instanceof Active active)
				? ((active.strategy() instanceof ExactStrategy) ? ReaperStatus.Mode.EXACT : ReaperStatus.Mode.SAFE)
				: (current instanceof Off) ? ReaperStatus.Mode.OFF : null;
		return new ReaperStatus(current instanceof Active, mode, current.describe(), this.statistics.reaped(),
				this.statistics.zombies(), this.statistics.peakZombies(), this.statistics.lastReaped(),
				current.problem());
	}

	/**
	 * The settings this reaper runs with.
	 * @return the settings
	 */
	public ReaperSettings settings() {
		return this.settings;
	}

	/**
	 * Looks at the children of the leader task once and reaps every zombie the strategy
	 * allows.
	 * @return how many zombies were reaped
	 */
	public int reapNow() {
		return reapRound().reaped();
	}

	synchronized ReapRound reapRound() {
		if (!(this.decision instanceof Active active)) {
			return ReapRound.NOTHING;
		}
		ProcFs procFs = active.platform().procFs();
		long self = active.platform().pid();
		List<Long> children = procFs.children(self, self);
		ReapRound round = active.strategy().reap(children, System.nanoTime());
		this.statistics.record(round);
		return round;
	}

}
