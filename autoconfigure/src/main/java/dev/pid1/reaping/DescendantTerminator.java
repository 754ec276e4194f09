package dev.pid1.reaping;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.Signals;
import dev.pid1.reaping.ReaperDecision.Active;

/**
 * Stops the processes left in this JVM's tree once the application has closed: SIGTERM to
 * each, a grace period, SIGKILL to whatever is still running, then every zombie reaped,
 * so that the kernel's final SIGKILL of the namespace (when PID 1 exits) finds nothing to
 * kill, and every descendant had its chance to clean up. tini and dumb-init leave this to
 * the kernel.
 * <p>
 * Runs once; later calls return the first result. Does nothing unless the reaper is
 * active (this JVM is PID 1 or a child subreaper): elsewhere the tree belongs to someone
 * else.
 *
 * @author pid1 authors
 */
public class DescendantTerminator {

	private static final Log logger = LogFactory.getLog(DescendantTerminator.class);

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final int KILL_ROUNDS = 20;

	private final ZombieReaper reaper;

	private final Duration grace;

	private final AtomicLong terminated = new AtomicLong();

	private final AtomicLong killed = new AtomicLong();

	private @Nullable Result result;

	/**
	 * Creates a terminator.
	 * @param reaper the reaper, which reaps what ends
	 * @param grace how long descendants get between SIGTERM and SIGKILL
	 * @throws IllegalArgumentException if the grace is not positive
	 */
	public DescendantTerminator(ZombieReaper reaper, Duration grace) {
		this.reaper = reaper;
		this.grace = ReaperSettings.requirePositive("The grace", grace);
	}

	/**
	 * The grace between SIGTERM and SIGKILL.
	 * @return the grace
	 */
	public Duration grace() {
		return this.grace;
	}

	/**
	 * How many descendants termination stopped so far, each way.
	 * @return the totals
	 */
	public Totals totals() {
		return new Totals(this.terminated.get(), this.killed.get());
	}

	/**
	 * Terminates the descendants with the configured grace.
	 * @return how many went each way
	 */
	public Result terminate() {
		return terminate(this.grace);
	}

	/**
	 * Terminates the descendants: SIGTERM, at most {@code grace}, SIGKILL, reap. Call it
	 * once the application context has closed (its beans may still use their child
	 * processes until then). Blocks for at most the grace plus a few seconds.
	 * @param grace how long descendants get between SIGTERM and SIGKILL
	 * @return how many went each way
	 */
	public synchronized Result terminate(Duration grace) {
		if (this.result != null) {
			return this.result;
		}
		if (!(this.reaper.decision() instanceof Active active)) {
			this.result = new Result(false, 0, 0, 0);
			return this.result;
		}
		NativePlatform platform = active.platform();
		List<ProcessStat> initial = aliveDescendants(platform);
		for (ProcessStat process : initial) {
			signal(platform, process, Signals.SIGTERM);
		}
		long deadline = System.nanoTime() + grace.toNanos();
		while (!initial.isEmpty() && System.nanoTime() < deadline && !allEnded(platform.procFs(), initial)) {
			this.reaper.reapNow();
			pause();
		}
		int terminated = (int) initial.stream().filter((process) -> hasEnded(platform.procFs(), process)).count();
		Set<Key> killed = new HashSet<>();
		for (int round = 0; round < KILL_ROUNDS; round++) {
			// Again from the tree: what forked during the grace dies too.
			List<ProcessStat> alive = aliveDescendants(platform);
			if (alive.isEmpty()) {
				break;
			}
			for (ProcessStat process : alive) {
				signal(platform, process, Signals.SIGKILL);
				killed.add(new Key(process.pid(), process.startTime()));
			}
			pause();
			this.reaper.reapNow();
		}
		int leftover = drain(platform);
		this.terminated.addAndGet(terminated);
		this.killed.addAndGet(killed.size());
		this.result = new Result(true, terminated, killed.size(), leftover);
		if (!initial.isEmpty() || !killed.isEmpty()) {
			logger.info("pid1: stopped the processes left in this JVM's tree: " + terminated + " ended after SIGTERM, "
					+ killed.size() + " killed after the " + grace.toMillis() + " ms grace"
					+ ((leftover > 0) ? ", " + leftover + " zombies left unreaped" : ""));
		}
		return this.result;
	}

	/**
	 * Reaps until no zombie is left among the leader's children, for at most the reaper's
	 * grace (safe mode needs it) plus a second.
	 */
	private int drain(NativePlatform platform) {
		long deadline = System.nanoTime() + this.reaper.settings().grace().toNanos() + TimeUnit.SECONDS.toNanos(1);
		ProcFs procFs = platform.procFs();
		while (true) {
			this.reaper.reapNow();
			int zombies = 0;
			for (long pid : procFs.children(platform.pid(), platform.pid())) {
				Optional<ProcessStat> stat = procFs.stat(pid);
				if (stat.isPresent() && stat.get().isZombie()) {
					zombies++;
				}
			}
			if (zombies == 0 || System.nanoTime() >= deadline) {
				return zombies;
			}
			pause();
		}
	}

	private static List<ProcessStat> aliveDescendants(NativePlatform platform) {
		ProcFs procFs = platform.procFs();
		List<ProcessStat> descendants = new ArrayList<>();
		Deque<Long> queue = new ArrayDeque<>(procFs.allChildren(platform.pid()));
		Set<Long> visited = new HashSet<>();
		while (!queue.isEmpty()) {
			long pid = queue.poll();
			if (!visited.add(pid)) {
				continue;
			}
			Optional<ProcessStat> stat = procFs.stat(pid);
			if (stat.isPresent() && !stat.get().isZombie()) {
				descendants.add(stat.get());
				queue.addAll(procFs.allChildren(pid));
			}
		}
		return descendants;
	}

	private static boolean allEnded(ProcFs procFs, List<ProcessStat> processes) {
		return processes.stream().allMatch((process) -> hasEnded(procFs, process));
	}

	private static boolean hasEnded(ProcFs procFs, ProcessStat process) {
		Optional<ProcessStat> now = procFs.stat(process.pid());
		return now.isEmpty() || now.get().isZombie() || now.get().startTime() != process.startTime();
	}

	private static void signal(NativePlatform platform, ProcessStat process, int signal) {
		// The pid may have been reaped and reused since it was read: signal only the
		// process with that start time (pinned with a pidfd where the kernel has one).
		try {
			platform.signal(process.pid(), process.startTime(), signal);
		}
		catch (RuntimeException ex) {
			logger.debug("pid1: could not signal " + process.pid() + ": " + ex.getMessage());
		}
	}

	private static void pause() {
		LockSupport.parkNanos(POLL_NANOS);
	}

	/**
	 * How the descendants went.
	 *
	 * @param ran whether termination ran (the reaper is active)
	 * @param terminated processes that ended within the grace after SIGTERM
	 * @param killed processes SIGKILLed after the grace (including any forked during it)
	 * @param zombiesLeft zombies still unreaped at the end (normally 0)
	 */
	public record Result(boolean ran, int terminated, int killed, int zombiesLeft) {

	}

	/**
	 * How many descendants termination stopped, each way, over the life of this JVM.
	 *
	 * @param terminated descendants that ended after SIGTERM
	 * @param killed descendants that were SIGKILLed after the grace
	 */
	public record Totals(long terminated, long killed) {

	}

	private record Key(long pid, long startTime) {

	}

}
