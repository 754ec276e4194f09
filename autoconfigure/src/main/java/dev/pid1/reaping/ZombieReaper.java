package dev.pid1.reaping;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pid1.diagnosis.ContainerDetector;
import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.ReapAttempt;

/**
 * Reaps the zombies of this JVM's tree when it is PID 1 or a child subreaper, without
 * ever taking the exit status of a child the JDK waits for (which would turn that
 * {@link Process#waitFor()} into a silent {@code 0}).
 * <p>
 * No signal handler: the JDK resets SIGCHLD, and a handler runs on a new thread per
 * signal, which a storm of exits turns into thousands of threads. Instead one daemon
 * thread sleeps in the kernel ({@code waitid(WNOWAIT)}, which reaps nothing) until a
 * child exits, then reads the children of the leader task only (orphans attach there;
 * children the JDK starts attach to the thread that started them until it ends). Exact
 * mode pins each child with a pidfd, asks the kernel whether it has exited and reaps it
 * if the JDK does not wait for it, without reading {@code /proc}; safe mode stats only
 * pids it has not yet seen as zombies and reaps each one whose grace has run out through
 * the platform's exact reap (pid and start time, through a pidfd). While zombies remain
 * that cannot be reaped yet it polls, every {@code interval} or at the next grace
 * deadline, backing off to one wake-up a second; with no child at all it wakes once a
 * second.
 *
 * @author pid1 authors
 */
public class ZombieReaper {

	private static final Log logger = LogFactory.getLog(ZombieReaper.class);

	static final Duration IDLE_INTERVAL = Duration.ofSeconds(1);

	private static final long NO_DEADLINE = Long.MAX_VALUE;

	private static final long BATCH_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final ReaperSettings settings;

	private final Map<Long, Tracked> tracked = new HashMap<>();

	private final AtomicLong reaped = new AtomicLong();

	private final AtomicLong childrenTerminated = new AtomicLong();

	private final AtomicLong childrenKilled = new AtomicLong();

	private volatile int zombies;

	private volatile int peakZombies;

	private volatile ReapedProcess lastReaped;

	private volatile ProcessPlatform platform;

	private volatile JdkChildRegistry registry;

	private volatile ReaperMode effectiveMode;

	private volatile String safeModeReason;

	private volatile boolean active;

	private volatile String detail = "not started yet: the native platform is loading";

	private volatile boolean running;

	private volatile Thread thread;

	private long nextDeadline = NO_DEADLINE;

	public ZombieReaper(ReaperSettings settings) {
		this.settings = settings;
		this.effectiveMode = (settings.mode() == ReaperMode.OFF) ? ReaperMode.OFF : null;
		if (settings.mode() == ReaperMode.OFF) {
			this.detail = "off (pid1.reaper.mode=off)";
		}
	}

	/**
	 * Decides whether to reap and, if so, starts the reaper thread. Becomes a child
	 * subreaper first when this JVM is not PID 1 and the subreaper policy says so. Call
	 * it off the main thread, once the platform has loaded.
	 * @param platform the loaded platform
	 * @param kubernetes whether Spring sees Kubernetes ({@code CloudPlatform}), which
	 * counts as a container for the subreaper policy
	 * @return whether the reaper runs
	 */
	public boolean start(ProcessPlatform platform, boolean kubernetes) {
		return start(platform, () -> new ContainerDetector(platform.procFs()).isOrchestrated(kubernetes));
	}

	synchronized boolean start(ProcessPlatform platform, BooleanSupplier inContainer) {
		if (this.platform != null || this.settings.mode() == ReaperMode.OFF) {
			return this.active;
		}
		this.platform = platform;
		if (!platform.support().supported()) {
			this.detail = "not reaping: " + platform.support().reason();
			return false;
		}
		String role = role(platform, inContainer);
		if (role == null) {
			return false;
		}
		this.effectiveMode = chooseMode();
		this.detail = "reaping zombies as " + role + " in " + describeMode();
		this.active = true;
		this.running = true;
		Thread reaper = new Thread(this::run, "pid1-reaper");
		reaper.setDaemon(true);
		this.thread = reaper;
		reaper.start();
		return true;
	}

	private String role(ProcessPlatform platform, BooleanSupplier inContainer) {
		if (platform.isInit()) {
			return "PID 1";
		}
		if (platform.isSubreaper()) {
			return "a child subreaper";
		}
		SubreaperPolicy policy = this.settings.subreaper();
		boolean become = policy == SubreaperPolicy.ALWAYS
				|| (policy == SubreaperPolicy.AUTO && inContainer.getAsBoolean());
		if (!become) {
			this.detail = "not reaping: this JVM is neither PID 1 nor a child subreaper (pid1.subreaper="
					+ policy.name().toLowerCase(Locale.ROOT)
					+ ((policy == SubreaperPolicy.AUTO) ? ", and no container was detected)" : ")");
			return null;
		}
		try {
			platform.setSubreaper(true);
		}
		catch (RuntimeException ex) {
			this.detail = "not reaping: could not become a child subreaper (" + ex.getMessage() + ")";
			return null;
		}
		return "a child subreaper (pid1.subreaper=" + policy.name().toLowerCase(Locale.ROOT) + ")";
	}

	private ReaperMode chooseMode() {
		if (this.settings.mode() == ReaperMode.SAFE) {
			return ReaperMode.SAFE;
		}
		try {
			this.registry = JdkChildRegistry.open();
			return ReaperMode.EXACT;
		}
		catch (IllegalStateException ex) {
			this.safeModeReason = ex.getMessage();
			return ReaperMode.SAFE;
		}
	}

	private String describeMode() {
		if (this.effectiveMode == ReaperMode.EXACT) {
			return "exact mode (orphans are reaped as soon as they are seen; children the JDK waits for are left to it)";
		}
		String grace = PropertyChecks.format(this.settings.grace());
		if (this.settings.mode() == ReaperMode.SAFE) {
			return "safe mode (a zombie is reaped after it stayed one for " + grace + ", pid1.reaper.mode=safe)";
		}
		return "safe mode (a zombie is reaped after it stayed one for " + grace + "); "
				+ ((this.settings.mode() == ReaperMode.EXACT) ? "exact mode was asked for but " : "")
				+ "for exact mode, which reaps at once, " + JdkChildRegistry.HOW_TO_OPEN
				+ ((this.safeModeReason != null && !this.safeModeReason.contains("--add-opens"))
						? " [" + this.safeModeReason + "]" : "");
	}

	/**
	 * Stops the reaper thread. A thread asleep in the kernel notices at the next exit of
	 * a child; it is a daemon thread and never delays the JVM's exit.
	 */
	public void stop() {
		this.running = false;
		Thread reaper = this.thread;
		if (reaper != null) {
			LockSupport.unpark(reaper);
		}
	}

	/**
	 * Whether this JVM reaps (it is PID 1 or a child subreaper and native support works).
	 * @return whether the reaper is active
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * The mode in effect: {@link ReaperMode#EXACT} or {@link ReaperMode#SAFE} once
	 * active, {@link ReaperMode#OFF} when off, {@code null} when not decided or inactive.
	 * @return the mode
	 */
	public ReaperMode mode() {
		return this.effectiveMode;
	}

	/**
	 * One line that says whether and how the reaper runs, and for safe mode how to get
	 * exact mode.
	 * @return the description
	 */
	public String describe() {
		return "pid1: " + this.detail;
	}

	/**
	 * What the reaper has done so far.
	 * @return the status
	 */
	public ReaperStatus status() {
		ReaperMode mode = this.effectiveMode;
		return new ReaperStatus(this.active, (mode != null) ? mode.name().toLowerCase(Locale.ROOT) : null, this.detail,
				this.reaped.get(), this.zombies, this.peakZombies, this.lastReaped, this.childrenTerminated.get(),
				this.childrenKilled.get());
	}

	ProcessPlatform platform() {
		return this.platform;
	}

	/**
	 * The settings this reaper runs with.
	 * @return the settings
	 */
	public ReaperSettings settings() {
		return this.settings;
	}

	void recordTermination(int terminated, int killed) {
		this.childrenTerminated.addAndGet(terminated);
		this.childrenKilled.addAndGet(killed);
	}

	private void run() {
		long backoff = this.settings.interval().toNanos();
		long childless = this.settings.interval().toNanos();
		while (this.running) {
			try {
				int reapedNow = reapNow();
				if (!this.running) {
					break;
				}
				long deadline;
				synchronized (this) {
					deadline = this.nextDeadline;
				}
				boolean exited = this.platform.peekExitedChild().isPresent();
				if (exited && reapedNow > 0) {
					// A storm: look again at once, the next exits are already queued.
					backoff = this.settings.interval().toNanos();
					continue;
				}
				if (!exited) {
					this.zombies = 0;
					backoff = this.settings.interval().toNanos();
					if (this.platform.awaitExitedChild()) {
						childless = this.settings.interval().toNanos();
						// Let a storm's next exits queue up: one look reaps a batch,
						// instead of one wake-up per zombie.
						LockSupport.parkNanos(BATCH_DELAY_NANOS);
					}
					else {
						// No child at all (or interrupted), so nothing to block on: try
						// again soon after the last child went, then once a second, with
						// nothing else to do until a child exists and exits.
						do {
							sleep(childless);
							childless = Math.min(childless * 2, IDLE_INTERVAL.toNanos());
						}
						while (this.running && !this.platform.awaitExitedChild());
						childless = this.settings.interval().toNanos();
						LockSupport.parkNanos(BATCH_DELAY_NANOS);
					}
					continue;
				}
				if (deadline != NO_DEADLINE) {
					// Zombies waiting out their grace: wake at the first deadline, and at
					// least every interval to see newcomers.
					long untilDeadline = deadline - System.nanoTime();
					sleep(Math.max(TimeUnit.MILLISECONDS.toNanos(1),
							Math.min(untilDeadline, this.settings.interval().toNanos())));
				}
				else {
					// Only zombies that are not ours to reap (the JDK is about to
					// wait for them): they go away by themselves, so back off.
					sleep(backoff);
					backoff = Math.min(backoff * 2, IDLE_INTERVAL.toNanos());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("pid1: reaper error, retrying in " + IDLE_INTERVAL.toMillis() + " ms: " + ex, ex);
				sleep(IDLE_INTERVAL.toNanos());
			}
		}
	}

	/**
	 * Looks at the children of the leader task once and reaps every zombie the mode
	 * allows.
	 * @return how many zombies were reaped
	 */
	public synchronized int reapNow() {
		ProcessPlatform platform = this.platform;
		if (!this.active || platform == null) {
			return 0;
		}
		ProcFs procFs = platform.procFs();
		long self = platform.pid();
		List<Long> children = procFs.children(self, self);
		long now = System.nanoTime();
		long graceNanos = this.settings.grace().toNanos();
		boolean exact = this.effectiveMode == ReaperMode.EXACT;
		Set<Long> seen = new HashSet<>(children.size() * 2);
		int waiting = 0;
		int reapedNow = 0;
		long deadline = NO_DEADLINE;
		boolean[] commToRead = { true };
		for (Long pid : children) {
			if (exact) {
				// The registry is the judge, there is no grace to track: pin, look, reap.
				// The command name of one zombie per look is read, for lastReaped.
				String[] comm = new String[1];
				ReapAttempt attempt = platform.reapIfExited(pid, (exited) -> {
					if (this.registry.isWaitingFor(exited)) {
						return false;
					}
					if (commToRead[0]) {
						comm[0] = procFs.read(exited + "/comm").map(String::trim).orElse("?");
					}
					return true;
				});
				if (attempt.reaped()) {
					reapedNow++;
					if (comm[0] != null) {
						commToRead[0] = false;
						this.lastReaped = ReapedProcess.of(pid, comm[0], attempt.status());
					}
				}
				else if (attempt.exited()) {
					waiting++;
				}
				continue;
			}
			seen.add(pid);
			Tracked entry = this.tracked.get(pid);
			if (entry == null || !entry.zombie) {
				Optional<ProcessStat> stat = procFs.stat(pid);
				if (stat.isEmpty()) {
					this.tracked.remove(pid);
					continue;
				}
				if (entry == null || entry.startTime != stat.get().startTime()) {
					entry = new Tracked(stat.get().startTime(), stat.get().comm());
					this.tracked.put(pid, entry);
				}
				if (!stat.get().isZombie()) {
					continue;
				}
				entry.zombie = true;
				entry.zombieSince = now;
			}
			if (now - entry.zombieSince >= graceNanos) {
				Optional<ExitStatus> status = platform.reap(pid, entry.startTime);
				this.tracked.remove(pid);
				if (status.isPresent()) {
					reapedNow++;
					this.lastReaped = ReapedProcess.of(pid, entry.comm, status.get());
				}
			}
			else {
				waiting++;
				deadline = Math.min(deadline, entry.zombieSince + graceNanos);
			}
		}
		this.tracked.keySet().retainAll(seen);
		this.nextDeadline = deadline;
		this.reaped.addAndGet(reapedNow);
		this.zombies = waiting;
		if (waiting + reapedNow > this.peakZombies) {
			this.peakZombies = waiting + reapedNow;
		}
		return reapedNow;
	}

	private void sleep(long nanos) {
		if (this.running) {
			LockSupport.parkNanos(this, nanos);
		}
	}

	private static final class Tracked {

		final long startTime;

		final String comm;

		boolean zombie;

		long zombieSince;

		Tracked(long startTime, String comm) {
			this.startTime = startTime;
			this.comm = comm;
		}

	}

}
