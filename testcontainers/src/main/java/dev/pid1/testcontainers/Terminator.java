package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;

import org.jspecify.annotations.Nullable;

/**
 * Terminates a container as the kubelet does, under load, and records what happened.
 *
 * @author pid1 authors
 */
final class Terminator {

	/** How long a slow request is given to reach the app before the termination. */
	private static final Duration SETTLE = Duration.ofSeconds(1);

	/**
	 * The kubelet's one-off extension when the preStop hook outlasts the grace period.
	 */
	private static final Duration PRE_STOP_EXTENSION = Duration.ofSeconds(2);

	private final Endpoints endpoints;

	private final int appPort;

	private final int managementPort;

	Terminator(Endpoints endpoints, int appPort, int managementPort) {
		this.endpoints = endpoints;
		this.appPort = appPort;
		this.managementPort = managementPort;
	}

	TerminationReport terminate(Termination termination, StartupReport startup) throws InterruptedException {
		return terminate(termination, null, startup);
	}

	/**
	 * Terminates under HTTP traffic ({@code grpc} {@code null}) or gRPC calls.
	 */
	TerminationReport terminate(Termination termination, @Nullable GrpcTraffic grpc, StartupReport startup)
			throws InterruptedException {
		DockerClient docker = this.endpoints.container().getDockerClient();
		String id = this.endpoints.container().getContainerId();
		@Nullable CompletableFuture<TerminationReport.RequestOutcome> inFlight = null;
		if (grpc == null) {
			// One request first, so the app's dispatcher is warm and the path is known to
			// work.
			send(this.appPort, termination.trafficPath(), termination.requestTimeout());
		}
		if (termination.inFlightPath() != null) {
			inFlight = sendAsync(this.appPort, termination.inFlightPath(), Duration.ofMinutes(5));
			Endpoints.sleep(SETTLE.toMillis());
		}
		CompletableFuture<Long> exited = CompletableFuture.supplyAsync(() -> {
			docker.waitContainerCmd(id).start().awaitStatusCode(10, TimeUnit.MINUTES);
			return System.nanoTime();
		}, Endpoints.EXECUTOR);
		// GrpcLoad is loaded only here: HTTP-only users have no gRPC on their class path.
		TrafficLoad load = (grpc != null) ? GrpcLoad.start(grpc, SETTLE, termination.warmUp(), termination.lag())
				: ConstantRateLoad.start(this.endpoints.http(),
						this.endpoints.uri(this.appPort, termination.trafficPath()), termination.rate(),
						termination.warmUp(), termination.lag(), termination.requestTimeout(),
						termination.maxOutstanding());
		long start = load.terminationStart();
		Endpoints.sleepUntil(start);
		long graceEnd = start + termination.gracePeriod().toNanos();
		TerminationReport.@Nullable RequestOutcome preStop = null;
		if (termination.preStop() != null) {
			CompletableFuture<TerminationReport.RequestOutcome> hook = preStop(termination.preStop());
			try {
				preStop = hook.get(Math.max(0, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				preStop = new TerminationReport.RequestOutcome(null, "still running at the end of the grace period",
						Duration.ofNanos(System.nanoTime() - start));
				graceEnd = System.nanoTime() + PRE_STOP_EXTENSION.toNanos();
			}
			catch (ExecutionException ex) {
				preStop = new TerminationReport.RequestOutcome(null,
						ConstantRateLoad.reason((ex.getCause() != null) ? ex.getCause() : ex),
						Duration.ofNanos(System.nanoTime() - start));
			}
		}
		@Nullable Long sigterm = null;
		if (!exited.isDone()) {
			sigterm = System.nanoTime();
			signal(docker, id, "TERM");
		}
		boolean killed = false;
		long exit;
		try {
			exit = exited.get(Math.max(0, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			killed = true;
			signal(docker, id, "KILL");
			exit = await(exited, Duration.ofMinutes(1));
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Waiting for the container to exit failed", ex.getCause());
		}
		Long reportedExitCode = docker.inspectContainerCmd(id).exec().getState().getExitCodeLong();
		// -1, never an exit code, when Docker does not report one.
		long exitCode = (reportedExitCode != null) ? reportedExitCode : -1;
		TerminationReport.Traffic traffic = load
			.await(((grpc != null) ? grpc.deadline() : termination.requestTimeout()).plusSeconds(5));
		GrpcCalls calls = load.grpcCalls(Duration.ofMinutes(1));
		TerminationReport.RequestOutcome slow = (inFlight != null) ? await(inFlight, Duration.ofMinutes(5)) : null;
		return new TerminationReport(startup, termination, traffic, preStop,
				(sigterm != null) ? Duration.ofNanos(exit - sigterm) : null, Duration.ofNanos(exit - start), exitCode,
				killed, slow, TerminationReport.timeline(this.endpoints.logs()), calls);
	}

	private CompletableFuture<TerminationReport.RequestOutcome> preStop(PreStop hook) {
		return switch (hook.kind()) {
			case HTTP_GET -> sendAsync((hook.port() != 0) ? hook.port() : this.managementPort, hook.httpPath(),
					Duration.ofMinutes(10));
			case SLEEP -> CompletableFuture.supplyAsync(() -> {
				long start = System.nanoTime();
				Endpoints.sleep(hook.sleepDuration().toMillis());
				return new TerminationReport.RequestOutcome(0, null, Duration.ofNanos(System.nanoTime() - start));
			}, Endpoints.EXECUTOR);
			case EXEC -> CompletableFuture.supplyAsync(() -> {
				long start = System.nanoTime();
				var result = this.endpoints.exec(hook.execCommand().toArray(String[]::new));
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				return (result != null) ? new TerminationReport.RequestOutcome(result.getExitCode(), null, took)
						: new TerminationReport.RequestOutcome(null, "could not run " + hook.execCommand(), took);
			}, Endpoints.EXECUTOR);
		};
	}

	private static void signal(DockerClient docker, String id, String signal) {
		try {
			docker.killContainerCmd(id).withSignal(signal).exec();
		}
		catch (DockerException ex) {
			// It has exited meanwhile.
		}
	}

	private void send(int port, String path, Duration timeout) throws InterruptedException {
		try {
			this.endpoints.get(port, path, timeout);
		}
		catch (IOException ex) {
			// The load counts what fails.
		}
	}

	private CompletableFuture<TerminationReport.RequestOutcome> sendAsync(int port, String path, Duration timeout) {
		long start = System.nanoTime();
		return this.endpoints.http()
			.sendAsync(this.endpoints.request(port, path, timeout), BodyHandlers.discarding())
			.handle((HttpResponse<Void> response, Throwable ex) -> new TerminationReport.RequestOutcome(
					(response != null) ? response.statusCode() : null,
					(ex != null) ? ConstantRateLoad.reason(ex) : null, Duration.ofNanos(System.nanoTime() - start)));
	}

	private static <T> T await(CompletableFuture<T> future, Duration timeout) throws InterruptedException {
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("No outcome within " + timeout, ex);
		}
	}

}
