package dev.pid1.sample.container;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.github.dockerjava.api.command.CreateContainerCmd;

import dev.pid1.testcontainers.GrpcTraffic;
import dev.pid1.testcontainers.Pid1Container;
import dev.pid1.testcontainers.Termination;
import dev.pid1.testcontainers.TerminationReport;

/**
 * The sample app's image in a {@link Pid1Container} on the host's network (there is no
 * bridge here), on free ports. Its log goes to {@code target/container-logs/<name>.log}
 * when it closes, and each termination's summary to {@code terminations.txt} there: the
 * figures the README quotes.
 *
 * @author pid1 authors
 */
final class SampleApp extends Pid1Container {

	/**
	 * Traffic to the sample app's main port, {@code GET /orders}: 50 requests a second,
	 * each given 30 s (the machine is shared: a timeout must mean the app is gone).
	 */
	static final Termination UNDER_LOAD = Termination.kubernetes()
		.traffic("/orders", 50)
		.requestTimeout(Duration.ofSeconds(30));

	private final String name;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private SampleApp(String image, String name) {
		super(image);
		this.name = name;
		withManagementPort(8081).withHostNetwork();
		// The sample app reads PORT and MANAGEMENT_PORT; Spring Boot's SERVER_PORT and
		// MANAGEMENT_SERVER_PORT, which the kit sets, take precedence.
	}

	static SampleApp start(String target, String name) {
		return start(target, name, Map.of(), (cmd) -> {
		});
	}

	static SampleApp start(String target, String name, Map<String, String> env) {
		return start(target, name, env, (cmd) -> {
		});
	}

	static SampleApp start(String target, String name, Map<String, String> env, Consumer<CreateContainerCmd> modifier) {
		return startImage(ContainerEngine.image(target), name, env, modifier);
	}

	/**
	 * Starts an image the tests built, such as a cell of the compatibility matrix.
	 * @param image the image
	 * @param name names the log files under {@code target/container-logs}
	 * @param env the container's environment
	 * @param modifier changes to the container's creation
	 * @return the started app
	 */
	static SampleApp startImage(String image, String name, Map<String, String> env,
			Consumer<CreateContainerCmd> modifier) {
		SampleApp app = new SampleApp(image, name);
		app.withEnv(env).withCreateContainerCmdModifier(modifier);
		try {
			app.start();
		}
		catch (RuntimeException ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	/**
	 * Terminates it through the kit and records the outcome.
	 * @param termination how
	 * @return what happened
	 */
	TerminationReport terminate(Termination termination) {
		return record(termination, pid1().terminate(termination));
	}

	/**
	 * Terminates it under gRPC calls through the kit and records the outcome.
	 * @param termination when
	 * @param traffic the calls
	 * @return what happened
	 */
	TerminationReport terminate(Termination termination, GrpcTraffic traffic) {
		return record(termination, pid1().terminate(termination, traffic));
	}

	private TerminationReport record(Termination termination, TerminationReport report) {
		String line = String.format("%-32s grace %-3d exit %d after %5d ms (SIGTERM -> exit %s ms), %d/%d failed%n",
				this.name, termination.gracePeriod().toSeconds(), report.exitCode(),
				report.terminationToExit().toMillis(),
				(report.sigtermToExit() != null) ? report.sigtermToExit().toMillis() : "-", report.traffic().failed(),
				report.traffic().sent());
		write("terminations.txt", line, StandardOpenOption.APPEND);
		write(this.name + ".report.txt", report.summary(), StandardOpenOption.TRUNCATE_EXISTING);
		return report;
	}

	/** Polls a GET on the management port until it answers with the status. */
	String awaitManagementStatus(String path, int status, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String last;
		do {
			last = status(managementHostPort(), path);
			if (last.equals(Integer.toString(status))) {
				return last;
			}
			sleep(50);
		}
		while (System.nanoTime() < deadline);
		return last;
	}

	String status(int hostPort, String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + path))
				.timeout(Duration.ofSeconds(10))
				.build();
			return Integer.toString(this.http.send(request, BodyHandlers.discarding()).statusCode());
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	@Override
	public void close() {
		try {
			if (getContainerId() != null) {
				write(this.name + ".log", getLogs(), StandardOpenOption.TRUNCATE_EXISTING);
			}
		}
		catch (RuntimeException ex) {
			// only a log
		}
		super.close();
	}

	private static void write(String file, String text, StandardOpenOption option) {
		try {
			Path path = ContainerEngine.logs().resolve(file);
			Files.createDirectories(path.getParent());
			Files.writeString(path, text, StandardOpenOption.CREATE, StandardOpenOption.WRITE, option);
		}
		catch (IOException ex) {
			// only a record
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
