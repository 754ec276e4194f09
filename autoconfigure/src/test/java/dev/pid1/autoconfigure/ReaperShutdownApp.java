package dev.pid1.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pid1.actuate.ReaperDescriptor;
import dev.pid1.actuate.Pid1Endpoint;
import dev.pid1.platform.ProcFs;
import dev.pid1.platform.ProcessStat;
import dev.pid1.reaping.ZombieReaper;

/**
 * A minimal Spring Boot app for {@link ReaperShutdownTests}, run as PID 1 of a fresh PID
 * namespace: it reaps an orphan storm, leaves two descendant trees running (one handles
 * SIGTERM, one ignores it) and waits for SIGTERM; after the context has closed and pid1
 * has stopped the descendants, it prints what {@code /actuator/pid1} reports and what is
 * left in the namespace. Arguments: the scripts' directory, the marker file, then Spring
 * arguments.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReaperShutdownApp {

	public static void main(String[] args) throws Exception {
		Path scripts = Path.of(args[0]);
		Path marker = Path.of(args[1]);
		AtomicReference<Pid1Endpoint> endpoint = new AtomicReference<>();
		// Shutdown handlers run last-added first: this one, added before pid1's, runs
		// after it.
		SpringApplication.getShutdownHandlers().add(() -> report(endpoint.get()));
		SpringApplication application = new SpringApplication(ReaperShutdownApp.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> arguments = new ArrayList<>(
				List.of("--pid1.children.grace=1s", "--management.endpoints.web.exposure.include=pid1"));
		arguments.addAll(List.of(args).subList(2, args.length));
		ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new));
		endpoint.set(context.getBean(Pid1Endpoint.class));
		ZombieReaper reaper = context.getBean(ZombieReaper.class);
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!reaper.isActive() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		new ProcessBuilder("sh", scripts.resolve("orphan-storm.sh").toString(), "300").inheritIO().start().waitFor();
		new ProcessBuilder("sh", "-c", "sh " + scripts.resolve("term-handler.sh") + " " + marker
				+ " >/dev/null 2>&1 & sh " + scripts.resolve("term-ignorer.sh") + " >/dev/null 2>&1 &")
			.start()
			.waitFor();
		deadline = System.nanoTime() + 30_000_000_000L;
		while ((count(reaper, "sleep") < 2 || reaper.status().reaped() < 300) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		System.out.println("READY reaped=" + reaper.status().reaped() + " sleeps=" + count(reaper, "sleep"));
		Thread.currentThread().join();
	}

	private static void report(Pid1Endpoint endpoint) {
		ReaperDescriptor reaper = endpoint.pid1(SecurityContext.NONE).reaper();
		System.out.println("ENDPOINT mode=" + ((reaper.mode() != null) ? reaper.mode().value() : null) + " reaped="
				+ reaper.reaped() + " terminated=" + reaper.children().terminated() + " killed="
				+ reaper.children().killed() + " zombies=" + reaper.zombies());
		System.out.println("LEFT processes=" + (processes() - 1));
	}

	private static long count(ZombieReaper reaper, String comm) throws IOException {
		ProcFs procFs = new ProcFs();
		try (var entries = Files.list(Path.of("/proc"))) {
			return entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> Character.isDigit(name.charAt(0)))
				.map((name) -> procFs.stat(Long.parseLong(name)))
				.flatMap(Optional::stream)
				.filter((stat) -> stat.comm().equals(comm) && !stat.isZombie())
				.map(ProcessStat::pid)
				.count();
		}
	}

	private static long processes() {
		try (var entries = Files.list(Path.of("/proc"))) {
			return entries.filter((entry) -> Character.isDigit(entry.getFileName().toString().charAt(0))).count();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
