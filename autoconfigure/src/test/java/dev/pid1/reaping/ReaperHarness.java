package dev.pid1.reaping;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.ExitStatus;
import dev.pid1.platform.ExitedChild;
import dev.pid1.platform.NativeBackendMode;
import dev.pid1.platform.NativePlatform;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessPlatform;
import dev.pid1.platform.ProcessStat;
import dev.pid1.platform.ReapAttempt;
import dev.pid1.platform.Signals;

/**
 * A JVM that runs the reaper directly (no Spring) against real processes, for the tests
 * in a fresh PID namespace and for {@code docker/bench/reaper.sh}. Prints {@code CHECK}
 * and {@code RESULT} lines for the caller to read.
 * <p>
 * Scenarios:
 * <ul>
 * <li>{@code primitives}: the platform's peek, await and exact reap, on real orphans</li>
 * <li>{@code storm MODE COUNT}: an orphan storm, then waits for zero zombies</li>
 * <li>{@code exitcodes MODE CHILDREN STORM}: ProcessBuilder children with known exit
 * codes, from pool threads and from threads that end at once, while a storm runs</li>
 * <li>{@code subreaper POLICY COUNT}: as {@code storm}, for a JVM that is not PID 1</li>
 * <li>{@code bench MODE CHILDREN COMMAND...}: runs a command (the benchmark driver) with
 * the reaper on, then an exit-code check</li>
 * <li>{@code idle SECONDS}: the reaper's CPU time and wake-ups while this JVM has no
 * child at all</li>
 * </ul>
 */
public final class ReaperHarness {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private ReaperHarness() {
	}

	public static void main(String[] args) throws Exception {
		NativeBackendMode backend = NativeBackendMode
			.valueOf(System.getProperty("pid1.native.backend", "auto").toUpperCase(Locale.ROOT));
		ProcessPlatform loaded = new PlatformLoader(ReaperHarness.class.getClassLoader(), backend)
			.get(Duration.ofSeconds(30));
		if (!(loaded instanceof NativePlatform platform)) {
			System.out.println("RESULT unsupported " + loaded.support().reason());
			System.exit(2);
			return;
		}
		System.out.println("BACKEND " + platform.backend() + " " + platform.description());
		int status = switch (args[0]) {
			case "primitives" -> primitives(platform);
			case "storm" -> storm(platform, mode(args[1]), SubreaperPolicy.NEVER, Integer.parseInt(args[2]));
			case "subreaper" -> storm(platform, ReaperMode.AUTO, SubreaperPolicy.valueOf(args[1].toUpperCase()),
					Integer.parseInt(args[2]));
			case "exitcodes" ->
				exitCodes(platform, mode(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "idle" -> idle(platform, Integer.parseInt(args[1]));
			case "bench" ->
				bench(platform, mode(args[1]), Integer.parseInt(args[2]), List.of(args).subList(3, args.length));
			default -> throw new IllegalArgumentException(args[0]);
		};
		System.out.flush();
		System.exit(status);
	}

	private static ReaperMode mode(String name) {
		return ReaperMode.valueOf(name.toUpperCase());
	}

	static ZombieReaper startReaper(NativePlatform platform, ReaperMode mode, SubreaperPolicy subreaper) {
		ReaperSettings defaults = ReaperSettings.defaults();
		ZombieReaper reaper = new ZombieReaper(new ReaperSettings(mode, duration("grace", defaults.grace()),
				duration("interval", defaults.interval()), subreaper));
		reaper.start(platform, new EnvironmentFacts(platform.pid(), platform.pid() == 1, ContainerInfo.none(), false));
		String strategy = (reaper.decision() instanceof ReaperDecision.Active active) ? active.strategy().name()
				: "NONE";
		System.out.println("MODE " + strategy.toUpperCase() + " " + reaper.describe());
		return reaper;
	}

	private static Duration duration(String name, Duration fallback) {
		String value = System.getProperty("pid1.reaper." + name);
		return (value != null) ? Duration.ofMillis(Long.parseLong(value)) : fallback;
	}

	// ---- primitives

	private static int primitives(NativePlatform platform) throws Exception {
		ProcFs procFs = platform.procFs();
		check("pidfd available", platform.hasPidfd(), platform.support().reason());
		check("is PID 1", platform.pid() == 1, "pid " + platform.pid());

		ProcessStat orphan = orphan(platform, "(sleep 0.2; exit 7)");
		ProcessStat zombie = awaitZombie(procFs, orphan);
		Optional<ExitedChild> peeked = platform.peekExitedChild();
		check("peek sees the zombie", peeked.isPresent() && peeked.get().pid() == orphan.pid()
				&& peeked.get().status().equals(ExitStatus.exited(7)), String.valueOf(peeked));
		check("peek leaves it a zombie", isZombie(procFs, orphan), "");
		check("await returns at once while a zombie waits", platform.awaitExitedChild(), "");
		check("reap with a wrong start time takes nothing",
				platform.reap(orphan.pid(), zombie.startTime() + 1).isEmpty() && isZombie(procFs, orphan), "");
		Optional<ExitStatus> reaped = platform.reap(orphan.pid(), zombie.startTime());
		check("reap returns the exit code", reaped.equals(Optional.of(ExitStatus.exited(7))), String.valueOf(reaped));
		check("reaped zombie is gone", procFs.stat(orphan.pid()).isEmpty(), "");
		check("second reap takes nothing", platform.reap(orphan.pid(), zombie.startTime()).isEmpty(), "");
		check("peek with no exited child is empty", platform.peekExitedChild().isEmpty(), "");
		check("await with no child returns false", !platform.awaitExitedChild(), "");

		ProcessStat sleeper = orphan(platform, "sleep 1000");
		check("kill a live orphan", platform.kill(sleeper.pid(), Signals.SIGKILL), "");
		ProcessStat killed = awaitZombie(procFs, sleeper);
		Optional<ExitStatus> killedStatus = platform.reap(sleeper.pid(), killed.startTime());
		check("reap reports the signal", killedStatus.equals(Optional.of(ExitStatus.signalled(Signals.SIGKILL, false))),
				String.valueOf(killedStatus));
		check("kill of a gone pid returns false", !platform.kill(sleeper.pid(), 0), "");

		ProcessStat target = orphan(platform, "sleep 1000");
		check("signal with another start time sends nothing",
				!platform.signal(target.pid(), target.startTime() + 1, Signals.SIGKILL) && !isZombie(procFs, target),
				"");
		check("signal with its start time sends", platform.signal(target.pid(), target.startTime(), Signals.SIGTERM),
				"");
		ProcessStat terminated = awaitZombie(procFs, target);
		check("signal of a zombie sends nothing", !platform.signal(target.pid(), target.startTime(), Signals.SIGKILL),
				"");
		Optional<ExitStatus> termStatus = platform.reap(target.pid(), terminated.startTime());
		check("the signalled orphan died of SIGTERM",
				termStatus.equals(Optional.of(ExitStatus.signalled(Signals.SIGTERM, false))),
				String.valueOf(termStatus));
		check("signal of a gone pid returns false", !platform.signal(target.pid(), target.startTime(), 0), "");

		ProcessStat later = orphan(platform, "(sleep 0.5; exit 3)");
		long started = System.nanoTime();
		boolean awaited = platform.awaitExitedChild();
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		check("await blocks until a child exits", awaited && waitedMillis >= 200, waitedMillis + " ms");
		check("await leaves it a zombie", isZombie(procFs, later), "");
		Optional<ExitStatus> laterStatus = platform.reap(later.pid(), procFs.stat(later.pid()).get().startTime());
		check("and it can then be reaped", laterStatus.equals(Optional.of(ExitStatus.exited(3))),
				String.valueOf(laterStatus));

		ProcessStat running = orphan(platform, "(sleep 0.3; exit 9)");
		ReapAttempt early = platform.reapIfExited(running.pid(), (pid) -> true);
		check("reapIfExited leaves a running child", !early.exited() && !early.reaped(), String.valueOf(early));
		ProcessStat exited = awaitZombie(procFs, running);
		ReapAttempt declined = platform.reapIfExited(running.pid(), (pid) -> false);
		check("reapIfExited leaves a zombie the judge declines",
				declined.exited() && !declined.reaped() && isZombie(procFs, running), String.valueOf(declined));
		check("a declined zombie keeps its start time",
				procFs.stat(running.pid())
					.map((stat) -> stat.isZombie() && stat.startTime() == exited.startTime())
					.orElse(false),
				"");
		ReapAttempt accepted = platform.reapIfExited(running.pid(), (pid) -> pid == running.pid());
		check("reapIfExited reaps a zombie the judge accepts", ExitStatus.exited(9).equals(accepted.status()),
				String.valueOf(accepted));
		check("reapIfExited of a gone pid",
				platform.reapIfExited(running.pid(), (pid) -> true).equals(ReapAttempt.NOT_EXITED), "");

		Process child = new ProcessBuilder("sh", "-c", "exit 42").start();
		check("the JDK still reaps its own child", child.waitFor() == 42, "exit " + child.exitValue());
		System.out.println("PRIMITIVES DONE");
		return 0;
	}

	/**
	 * Starts {@code sh -c 'CMD &'}, whose background job is orphaned to us, with its
	 * output away from the pipe we read the pid from.
	 */
	private static ProcessStat orphan(NativePlatform platform, String command) throws Exception {
		Process shell = new ProcessBuilder("sh", "-c", command + " >/dev/null 2>&1 & echo $!").start();
		long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
		shell.waitFor();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<ProcessStat> stat = platform.procFs().stat(pid);
			if (stat.isPresent() && stat.get().parentPid() == platform.pid()) {
				return stat.get();
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException("orphan " + pid + " was not re-parented");
	}

	private static ProcessStat awaitZombie(ProcFs procFs, ProcessStat process) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<ProcessStat> stat = procFs.stat(process.pid());
			if (stat.isPresent() && stat.get().isZombie()) {
				return stat.get();
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException(process.pid() + " did not become a zombie");
	}

	private static boolean isZombie(ProcFs procFs, ProcessStat process) {
		return procFs.stat(process.pid()).map(ProcessStat::isZombie).orElse(false);
	}

	private static void check(String name, boolean ok, String detail) {
		System.out.println("CHECK " + (ok ? "OK " : "FAIL ") + name + (detail.isEmpty() ? "" : " [" + detail + "]"));
	}

	// ---- storm

	private static int storm(NativePlatform platform, ReaperMode mode, SubreaperPolicy subreaper, int count)
			throws Exception {
		ZombieReaper reaper = (mode != ReaperMode.OFF) ? startReaper(platform, mode, subreaper) : null;
		long started = System.nanoTime();
		Process storm = new ProcessBuilder("sh", script("orphan-storm.sh"), Integer.toString(count)).inheritIO()
			.start();
		int stormExit = storm.waitFor();
		long stormMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		// With reaping off, give the zombies time to be (wrongly) reaped by anything.
		long settle = (reaper != null && reaper.isActive()) ? TIMEOUT.toNanos() : TimeUnit.SECONDS.toNanos(3);
		long deadline = System.nanoTime() + settle;
		int zombies = countZombies(platform.procFs());
		while ((zombies > 0 || reaper == null || !reaper.isActive()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			zombies = countZombies(platform.procFs());
		}
		long zeroMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		ReaperStatus status = (reaper != null) ? reaper.status() : null;
		System.out.println("RESULT zombies=" + zombies + " reaped=" + ((status != null) ? status.reaped() : 0)
				+ " peak=" + ((status != null) ? status.peakZombies() : 0) + " active="
				+ (reaper != null && reaper.isActive()) + " stormExit=" + stormExit + " stormMillis=" + stormMillis
				+ " zeroMillis=" + zeroMillis + " last=" + ((status != null) ? status.lastReaped() : null));
		return 0;
	}

	/** Zombies anywhere in this PID namespace (its /proc). */
	static int countZombies(ProcFs procFs) throws IOException {
		int zombies = 0;
		try (var entries = Files.list(Path.of("/proc"))) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
					Optional<ProcessStat> stat = procFs.stat(Long.parseLong(name));
					if (stat.isPresent() && stat.get().isZombie()) {
						zombies++;
					}
				}
			}
		}
		return zombies;
	}

	static String script(String name) throws URISyntaxException {
		return Path.of(ReaperHarness.class.getResource(name).toURI()).toString();
	}

	// ---- exit codes

	private static int exitCodes(NativePlatform platform, ReaperMode mode, int children, int stormSize)
			throws Exception {
		ZombieReaper reaper = startReaper(platform, mode, SubreaperPolicy.NEVER);
		int[] result = checkExitCodes(children, stormSize);
		Thread.sleep(ReaperSettings.defaults().grace().toMillis() + 500);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		int zombies = countZombies(platform.procFs());
		while (zombies > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
			zombies = countZombies(platform.procFs());
		}
		System.out.println("RESULT checked=" + result[0] + " wrong=" + result[1] + " zombies=" + zombies + " reaped="
				+ reaper.status().reaped() + " active=" + reaper.isActive());
		return 0;
	}

	/**
	 * Starts {@code children} processes with known exit codes, half from a pool, half
	 * from threads that end as soon as the process has started, while orphan storms run.
	 * @return checked and wrong counts
	 */
	static int[] checkExitCodes(int children, int stormSize) throws Exception {
		List<Process> storms = new ArrayList<>();
		String stormScript = script("orphan-storm.sh");
		for (int i = 0; i < 2; i++) {
			storms.add(new ProcessBuilder("sh", stormScript, Integer.toString(stormSize)).inheritIO().start());
		}
		AtomicInteger wrong = new AtomicInteger();
		AtomicInteger checked = new AtomicInteger();
		ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> futures = new ArrayList<>();
		ConcurrentLinkedQueue<Object[]> fromShortLived = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < children; i++) {
			int code = i % 256;
			if (i % 2 == 0) {
				futures.add(pool.submit(() -> {
					Process process = new ProcessBuilder("sh", "-c", "exit " + code).start();
					verify(process, code, checked, wrong, examples);
					return null;
				}));
			}
			else {
				// The process moves to the leader task when this thread ends, as an
				// orphan
				// would: the case that tells the two apart hardest.
				Thread thread = new Thread(() -> {
					try {
						fromShortLived
							.add(new Object[] { new ProcessBuilder("sh", "-c", "exit " + code).start(), code });
					}
					catch (IOException ex) {
						examples.add("start failed: " + ex);
						wrong.incrementAndGet();
					}
				});
				thread.start();
				threads.add(thread);
			}
		}
		for (Thread thread : threads) {
			thread.join();
		}
		for (Object[] started : fromShortLived) {
			verify((Process) started[0], (Integer) started[1], checked, wrong, examples);
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		for (Process storm : storms) {
			storm.waitFor();
		}
		if (!examples.isEmpty()) {
			System.out.println("WRONG " + examples.stream().limit(10).toList());
		}
		return new int[] { checked.get(), wrong.get() };
	}

	private static void verify(Process process, int expected, AtomicInteger checked, AtomicInteger wrong,
			ConcurrentLinkedQueue<String> examples) throws InterruptedException {
		int actual = process.waitFor();
		checked.incrementAndGet();
		if (actual != expected) {
			wrong.incrementAndGet();
			examples.add("pid " + process.pid() + " expected " + expected + " got " + actual);
		}
	}

	// ---- benchmark

	private static int idle(NativePlatform platform, int seconds) throws Exception {
		ZombieReaper reaper = startReaper(platform, ReaperMode.AUTO, SubreaperPolicy.NEVER);
		Thread.sleep(3000);
		String task = null;
		for (long tid : platform.procFs().tasks(platform.pid())) {
			if (platform.procFs()
				.read(platform.pid() + "/task/" + tid + "/comm")
				.orElse("")
				.trim()
				.equals("pid1-reaper")) {
				task = platform.pid() + "/task/" + tid;
			}
		}
		long cpu0 = schedstat(platform, task);
		long switches0 = switches(platform, task);
		long process0 = processCpu(platform);
		Thread.sleep(seconds * 1000L);
		long cpu1 = schedstat(platform, task);
		long switches1 = switches(platform, task);
		long process1 = processCpu(platform);
		System.out.printf(
				"IDLE active=%s idle_cpu_ms_per_min=%.3f idle_wakeups_per_s=%.2f idle_process_cpu_ms_per_min=%.3f%n",
				reaper.isActive(), (cpu1 - cpu0) / 1e6 * 60 / seconds, (switches1 - switches0) / (double) seconds,
				(process1 - process0) / 1e6 * 60 / seconds);
		return 0;
	}

	private static long schedstat(NativePlatform platform, String task) {
		return Long.parseLong(platform.procFs().read(task + "/schedstat").orElse("0").trim().split(" ")[0]);
	}

	private static long switches(NativePlatform platform, String task) {
		long total = 0;
		for (String line : platform.procFs().read(task + "/status").orElse("").split("\n")) {
			if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
				total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return total;
	}

	private static long processCpu(NativePlatform platform) {
		long total = 0;
		for (long tid : platform.procFs().tasks(platform.pid())) {
			total += schedstat(platform, platform.pid() + "/task/" + tid);
		}
		return total;
	}

	private static int bench(NativePlatform platform, ReaperMode mode, int children, List<String> command)
			throws Exception {
		ZombieReaper reaper = startReaper(platform, mode, SubreaperPolicy.NEVER);
		int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
		if (children > 0) {
			int[] result = checkExitCodes(children, 2000);
			System.out.println("EXITCODES checked=" + result[0] + " wrong=" + result[1]);
		}
		System.out.println("REAPER reaped=" + reaper.status().reaped() + " peak=" + reaper.status().peakZombies());
		return exit;
	}

}
