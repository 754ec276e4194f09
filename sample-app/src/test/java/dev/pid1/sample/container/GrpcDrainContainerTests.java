package dev.pid1.sample.container;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pid1.sample.container.GrpcHealthProbe.Seen;
import dev.pid1.testcontainers.GrpcTraffic;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

import static dev.pid1.testcontainers.Pid1Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A gRPC service on Spring Boot 4.1 ({@code compatibility/grpc-app}: grpc-java on Netty,
 * gRPC on its own port beside Tomcat and the actuator) as users deploy it: the executable
 * jar in an image, the JVM as PID 1. Terminated as Kubernetes does it under gRPC calls
 * (unary calls keep coming for 3 s after SIGTERM on one HTTP/2 connection, a
 * server-streaming call and a bidirectional one (a message each 200 ms for 6 s, from
 * before the calls begin to past SIGTERM) in flight): no call fails, both streams
 * complete, exit 143, on Java 17 (beside HTTP) and 25 (gRPC only). A probe as the
 * kubelet's {@code grpc} probe (a health {@code Check} every 0.5 s) answers NOT_SERVING
 * from SIGTERM on (within 100 ms on a quiet machine), and a {@code Watch} is told.
 * Negative controls: the same jar with pid1 off ({@code pid1.enabled=false}, plain Spring
 * Boot gRPC) loses calls and answers no health check once its listener has closed.
 *
 * @author pid1 authors
 */
@Execution(ExecutionMode.CONCURRENT)
class GrpcDrainContainerTests {

	private static final String GET = "pid1.compat.Orders/Get";

	private static final String WATCH = "pid1.compat.Orders/Watch";

	/** Kubernetes' termination: calls for 1 s before and 3 s after it begins. */
	private static final Termination TERMINATION = Termination.kubernetes();

	/** pid1 off: plain Spring Boot gRPC. */
	private static final Map<String, String> PLAIN = Map.of("PID1_ENABLED", "false");

	/**
	 * How long after SIGTERM every health check that is answered must answer NOT_SERVING.
	 * pid1 says it within 100 ms on a quiet machine (78-84 ms measured here); CI machines
	 * are shared, and one run at a load average of 17 with two container classes at once
	 * saw 1.27 s: the bound is generous, the figures are recorded in
	 * {@code grpc-probe.txt}.
	 */
	private static final Duration NOT_SERVING_WITHIN = Duration.ofSeconds(2);

	/**
	 * Java 17 with gRPC beside Tomcat and the actuator; Java 25 gRPC-only (profile
	 * {@code grpc-only}: no web server, the drain applies to gRPC alone).
	 */
	@ParameterizedTest(name = "Java {0}, {1}")
	@CsvSource({ "17, beside HTTP", "25, gRPC only" })
	void underGrpcCallsNoCallFailsAndTheStreamCompletes(int java, String shape) throws Exception {
		Map<String, String> env = shape.equals("gRPC only") ? Map.of("SPRING_PROFILES_ACTIVE", "grpc-only") : Map.of();
		try (SampleApp app = start(java, "grpc-java" + java + (env.isEmpty() ? "" : "-grpc-only"), env)) {
			// Read first, so the chat below spans the termination's 2 s before SIGTERM.
			app.pid1().startup();
			GrpcChat chat = GrpcChat.start(grpcPort(app), 30, Duration.ofMillis(200));
			TerminationReport report = app.terminate(TERMINATION, traffic(app));

			assertThat(report).lostNoRequests().completedInFlightStream().exitedWith(143);
			assertThat(chat.await(Duration.ofSeconds(30))).as("the bidirectional call across SIGTERM")
				.isEqualTo("OK 30 of 30 echoed");
			chat.close();
			assertThat(report.grpc().byStatus()).as("calls by status").containsOnlyKeys("OK");
			assertThat(report.traffic().sent()).as("calls sent during the termination").isGreaterThan(150);
		}
	}

	/**
	 * The negative control: plain Spring Boot gRPC refuses calls from SIGTERM on (its
	 * listener closed, the connection told GOAWAY), so the calls that keep coming fail.
	 */
	@Test
	void withoutPid1CallsAfterSigtermFail() {
		try (SampleApp app = start(17, "grpc-java17-plain", PLAIN)) {
			TerminationReport report = app.terminate(TERMINATION, traffic(app));

			assertThat(report.traffic().failed()).as("failed calls without pid1 " + report.grpc().byStatus())
				.isPositive();
			assertThat(report.grpc().byStatus()).containsKey("UNAVAILABLE");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(report).lostNoRequests());
		}
	}

	/**
	 * The kubelet's {@code grpc} probe (a {@code Check} every 0.5 s, 1 s timeout), a
	 * {@code Check} every 10 ms for the timing, and a {@code Watch} stream, across
	 * SIGTERM. With pid1, every check answered from {@link #NOT_SERVING_WITHIN} after
	 * SIGTERM on says NOT_SERVING, and the watch is told within it (the figures, 100 ms
	 * or less on a quiet machine, go to {@code grpc-probe.txt}); without it (the
	 * control), no check and no watch is ever told NOT_SERVING.
	 */
	@ParameterizedTest(name = "pid1 {0}")
	@ValueSource(booleans = { true, false })
	void aKubernetesProbeSeesNotServingAtSigterm(boolean pid1) throws Exception {
		// The drain held 5 s (with only health checks it would end after its 2 s quiet
		// period): the probes after the bound then meet a server that still serves.
		Map<String, String> env = pid1 ? Map.of("PID1_SHUTDOWN_DRAINMIN", "5s") : PLAIN;
		try (SampleApp app = start(17, "grpc-probe" + (pid1 ? "" : "-plain"), env);
				GrpcHealthProbe probe = new GrpcHealthProbe(grpcPort(app));
				GrpcHealthProbe fast = new GrpcHealthProbe(grpcPort(app))) {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> probe.check().equals("SERVING"));
			List<Seen> watch = probe.watch();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> watch.stream().anyMatch((seen) -> seen.status().equals("SERVING")));
			List<Seen> kubelet = new CopyOnWriteArrayList<>();
			List<Seen> checks = new CopyOnWriteArrayList<>();
			AtomicBoolean running = new AtomicBoolean(true);
			Thread kubeletProbe = poll(probe, 500, kubelet, running);
			Thread fastProbe = poll(fast, 10, checks, running);
			Thread.sleep(1200);
			long sigterm = System.nanoTime();
			app.getDockerClient().killContainerCmd(app.getContainerId()).withSignal("TERM").exec();
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !app.isRunning());
			long exit = System.nanoTime();
			running.set(false);
			kubeletProbe.join();
			fastProbe.join();

			long after = sigterm + NOT_SERVING_WITHIN.toNanos();
			Optional<Seen> firstNotServing = checks.stream()
				.filter((seen) -> seen.nanos() >= sigterm && seen.status().equals("NOT_SERVING"))
				.findFirst();
			Optional<Seen> watchTold = watch.stream()
				.filter((seen) -> seen.nanos() >= sigterm && seen.status().equals("NOT_SERVING"))
				.findFirst();
			List<String> kubeletAfter = kubelet.stream()
				.filter((seen) -> seen.nanos() >= after && answered(seen))
				.map((seen) -> String.format("+%d ms %s", millis(seen.nanos() - sigterm), seen.status()))
				.toList();
			String figures = String.format(
					"pid1 %s: first NOT_SERVING of a Check every 10 ms sent %s after SIGTERM; Watch told %s; "
							+ "kubelet-style probes answered after SIGTERM+%d ms %s; SIGTERM -> exit %d ms",
					pid1, firstNotServing.map((seen) -> millis(seen.nanos() - sigterm) + " ms").orElse("never"),
					watchTold.map((seen) -> millis(seen.nanos() - sigterm) + " ms").orElse("never"),
					NOT_SERVING_WITHIN.toMillis(), kubeletAfter, millis(exit - sigterm));
			record(figures);
			List<Seen> answered = checks.stream().filter((seen) -> seen.nanos() >= after && answered(seen)).toList();
			if (pid1) {
				assertThat(answered).as(figures).isNotEmpty();
				assertThat(answered).as(figures).allMatch((seen) -> seen.status().equals("NOT_SERVING"));
				assertThat(kubeletAfter).as(figures).isNotEmpty();
				assertThat(kubeletAfter.get(0)).as(figures).endsWith("NOT_SERVING");
				assertThat(watchTold).as(figures).isPresent();
				assertThat(millis(watchTold.get().nanos() - sigterm)).as(figures)
					.isLessThanOrEqualTo(NOT_SERVING_WITHIN.toMillis());
			}
			else {
				// Its listener closed at SIGTERM: no probe is answered from the bound on,
				// so
				// the pod fails its probe instead of saying NOT_SERVING while it still
				// serves. (Spring Boot's scheduled health update, every 5 s, may tell the
				// open Watch and a check on a connection not yet closed NOT_SERVING: 1.17
				// s
				// after SIGTERM once here.)
				assertThat(kubeletAfter).as(figures).isEmpty();
				assertThat(answered).as(figures).isEmpty();
			}
		}
	}

	/**
	 * Whether the server answered the check (SERVING, NOT_SERVING), rather than the call
	 * failing (UNAVAILABLE: nothing listens; DEADLINE_EXCEEDED: no answer within 1 s).
	 */
	private static boolean answered(Seen seen) {
		return seen.status().endsWith("SERVING");
	}

	private static GrpcTraffic traffic(SampleApp app) {
		// A stream of 60 updates 100 ms apart (6 s), started 1 s before the calls begin:
		// it is still running 4 s after SIGTERM.
		return GrpcTraffic.unary(grpcPort(app), GET, "").rate(100).inFlightStream(WATCH, "60,100");
	}

	private static SampleApp start(int java, String name, Map<String, String> env) {
		Path jar = ContainerEngine.repository()
			.resolve("compatibility/grpc-app/target/pid1-compat-grpc-app-"
					+ System.getProperty("pid1.version", "0.1.0-SNAPSHOT") + ".jar");
		String image = ContainerEngine.image("jvm-pid1", jar, java);
		Map<String, String> all = new HashMap<>(env);
		all.put("GRPC_PORT", Integer.toString(freePort()));
		return SampleApp.startImage(image, name, all, (cmd) -> {
		});
	}

	private static int grpcPort(SampleApp app) {
		return Integer.parseInt(app.getEnvMap().get("GRPC_PORT"));
	}

	private static Thread poll(GrpcHealthProbe probe, long everyMillis, List<Seen> seen, AtomicBoolean running) {
		Thread thread = new Thread(() -> {
			while (running.get()) {
				long sent = System.nanoTime();
				seen.add(new Seen(sent, probe.check()));
				long next = sent + TimeUnit.MILLISECONDS.toNanos(everyMillis);
				while (running.get() && System.nanoTime() < next) {
					try {
						Thread.sleep(1);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}, "grpc-probe-" + everyMillis + "ms");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void record(String figures) {
		System.out.println("[grpc] " + figures);
		try {
			Path path = ContainerEngine.logs().resolve("grpc-probe.txt");
			Files.createDirectories(path.getParent());
			Files.writeString(path, figures + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			// only a record
		}
	}

}
