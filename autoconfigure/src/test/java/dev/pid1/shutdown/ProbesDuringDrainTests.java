package dev.pid1.shutdown;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.shutdown.apps.ReactiveApp;
import dev.pid1.shutdown.apps.ServletApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kubelet-style probes on the main port during a drain, for real: the app as PID 1 of a
 * fresh PID namespace, its actuator on the main port under a context path, Spring Boot's
 * additional probe paths ({@code /livez}, {@code /readyz}) and a custom group's
 * ({@code server:/healthz}) probed every 0.5 s with the actuator's probe paths, while a
 * load balancer routes 100 requests/s for 2 s after SIGTERM. The probes are not traffic:
 * the drain ends on the traffic's end, not at {@code drain-max}.
 *
 * @author pid1 authors
 */
class ProbesDuringDrainTests {

	/**
	 * The probe paths, each probed every 0.5 s, one every 100 ms in this order (the
	 * kubelet runs each probe on a timer of its own): the additional paths come at most
	 * 200 ms apart, less than the shortest silence that ends a drain.
	 */
	private static final List<String> PROBES = List.of("/livez", "/actuator/health/liveness", "/readyz",
			"/actuator/health/readiness", "/healthz");

	@TempDir
	Path dir;

	@Test
	void servletAppProbedEveryHalfSecondEndsItsDrainOnTheTraffic() throws Exception {
		probedDrain(ServletApp.class.getName(), "--server.servlet.context-path=/app");
	}

	@Test
	void reactiveAppProbedEveryHalfSecondEndsItsDrainOnTheTraffic() throws Exception {
		probedDrain(ReactiveApp.class.getName(), "--spring.webflux.base-path=/app");
	}

	private void probedDrain(String mainClass, String contextPath) throws Exception {
		try (AppUnderTest app = AppUnderTest
			.startSharingTheMainPort(this.dir.resolve("app.log"), mainClass, "/app", contextPath,
					"--pid1.shutdown.drain=always", "--pid1.shutdown.quiet-period=5s",
					"--pid1.shutdown.adaptive.window=1s", "--pid1.shutdown.drain-max=15s",
					"--management.endpoint.health.probes.add-additional-paths=true",
					"--management.endpoint.health.group.custom.include=ping",
					"--management.endpoint.health.group.custom.additional-path=server:/healthz")
			.awaitReady();
				Probes probes = new Probes(PROBES.stream().map((path) -> app.main("/app" + path)).toList())) {
			LoadLoop load = new LoadLoop(app.main("/app/hello"), Duration.ofMillis(10));
			AppUnderTest.sleep(1500);
			// Every probe path answers before the shutdown: none is a 404.
			assertThat(probes.statuses()).as("probe answers before SIGTERM")
				.containsOnlyKeys(PROBES)
				.allSatisfy((path, statuses) -> assertThat(statuses).as(path).containsOnly(200));
			app.signal("TERM");
			AppUnderTest.sleep(2000);
			load.stop();
			long stopped = System.nanoTime();
			int exit = app.awaitExit(Duration.ofSeconds(40));
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
			app.output().lines().filter((line) -> line.contains("pid1 shutdown +")).forEach(System.out::println);
			System.out.println("TEST: load stop to exit " + took + " ms, probes answered " + probes.statuses());
			assertThat(exit).isEqualTo(143);
			assertThat(load.failures()).as("failed requests of %d", load.sent()).isEmpty();
			assertThat(probes.statuses().get("/readyz")).as("/readyz during the drain").contains(503);
			assertThat(app.output()).contains("drain ends: traffic ended");
			assertThat(took).as("load stop to exit, with probes every 0.5 s").isLessThan(2500);
		}
	}

	/** Probes every path every 0.5 s, as the kubelet does, whatever the answer. */
	private static final class Probes implements AutoCloseable {

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final Map<String, ConcurrentLinkedQueue<Integer>> statuses = new ConcurrentHashMap<>();

		Probes(List<URI> uris) {
			for (int i = 0; i < uris.size(); i++) {
				URI uri = uris.get(i);
				this.scheduler.scheduleAtFixedRate(() -> probe(uri), i * 500L / uris.size(), 500,
						TimeUnit.MILLISECONDS);
			}
		}

		private void probe(URI uri) {
			String path = uri.getPath().substring("/app".length());
			AppUnderTest.client
				.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
				.thenAccept((response) -> this.statuses.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>())
					.add(response.statusCode()));
		}

		Map<String, List<Integer>> statuses() {
			Map<String, List<Integer>> copy = new java.util.TreeMap<>();
			this.statuses.forEach((path, codes) -> copy.put(path, List.copyOf(codes)));
			return copy;
		}

		@Override
		public void close() {
			this.scheduler.shutdownNow();
		}

	}

}
