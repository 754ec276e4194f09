package dev.pid1.reaping;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.reaping.ReaperDecision.Active;
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
			this.decision = ReaperDecider.decide(this.settings, platform, environment);
			if (this.decision instanceof Active active) {
				this.loop = new ReaperLoop(active.platform(), this.settings.interval(), this::reapRound,
						this.statistics);
				this.loop.start();
			}
		}
		return isActive();
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
	 * Whether this JVM reaps (it is PID 1 or a child subreaper and native support works).
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
				this.statistics.zombies(), this.statistics.peakZombies(), this.statistics.lastReaped());
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
