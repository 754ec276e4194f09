package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container.ExecResult;
import tools.jackson.databind.JsonNode;

/**
 * Runs an orphan storm in a container and counts the zombies left.
 *
 * @author pid1 authors
 */
final class OrphanStormRunner {

	/** Rounds of the app's own children at most, while the storm runs. */
	private static final int MAX_ROUNDS = 10;

	private final Endpoints endpoints;

	private final int appPort;

	OrphanStormRunner(Endpoints endpoints, int appPort) {
		this.endpoints = endpoints;
		this.appPort = appPort;
	}

	ReapingReport run(OrphanStorm storm, StartupReport startup, Supplier<@Nullable Long> reaped)
			throws InterruptedException {
		ExecResult shell = this.endpoints.exec("sh", "-c", "echo ok");
		if (shell == null || shell.getExitCode() != 0 || !shell.getStdout().contains("ok")) {
			return new ReapingReport(startup, "the image has no shell (sh), which the storm needs", storm.orphans(), 0,
					null, 0, List.of(), null);
		}
		CompletableFuture<@Nullable ExecResult> running = CompletableFuture
			.supplyAsync(() -> this.endpoints.exec("sh", "-c", storm.script()), Endpoints.EXECUTOR);
		List<String> wrong = new ArrayList<>();
		long checked = 0;
		if (storm.childrenPath() != null) {
			int rounds = 0;
			do {
				// The app's own children exit while the reaper is busy with orphans.
				checked += checkChildren(storm.childrenPath(), wrong);
				rounds++;
			}
			while (!running.isDone() && rounds < MAX_ROUNDS);
		}
		ExecResult result;
		try {
			result = running.get(5, TimeUnit.MINUTES);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The orphan storm did not finish", ex);
		}
		if (result == null || result.getExitCode() != 0) {
			throw new IllegalStateException("The orphan storm failed: " + ((result != null) ? result.getStderr() : ""));
		}
		long stormEnd = System.nanoTime();
		long deadline = stormEnd + storm.zombieTimeout().toNanos();
		long zombies;
		do {
			zombies = zombies();
			if (zombies == 0) {
				break;
			}
			Endpoints.sleep(100);
		}
		while (System.nanoTime() < deadline);
		@Nullable Duration toZero = (zombies == 0) ? Duration.ofNanos(System.nanoTime() - stormEnd) : null;
		return new ReapingReport(startup, null, storm.orphans(), zombies, toZero, checked, List.copyOf(wrong),
				reaped.get());
	}

	/** Zombies in the container, counted from {@code /proc}. */
	long zombies() {
		ExecResult states = this.endpoints.exec("sh", "-c", OrphanStorm.STATES);
		if (states == null || states.getExitCode() != 0) {
			throw new IllegalStateException(
					"Cannot read /proc in the container: " + ((states != null) ? states.getStderr() : "exec failed"));
		}
		return countZombies(states.getStdout());
	}

	static long countZombies(String states) {
		return states.lines().filter((state) -> state.strip().equals("Z")).count();
	}

	private int checkChildren(String path, List<String> wrong) throws InterruptedException {
		try {
			HttpResponse<String> response = this.endpoints.get(this.appPort, path, Duration.ofMinutes(2));
			if (response.statusCode() != 200) {
				wrong.add(path + " answered " + response.statusCode());
				return 0;
			}
			JsonNode codes = StartupReader.JSON.readTree(response.body()).path("exitCodes");
			for (int i = 0; i < codes.size(); i++) {
				int code = codes.get(i).asInt();
				if (code != i % 256) {
					wrong.add("child " + i + ": waitFor() returned " + code + ", not " + (i % 256));
				}
			}
			return codes.size();
		}
		catch (IOException ex) {
			wrong.add(path + " failed: " + ex);
			return 0;
		}
	}

}
