package dev.pid1.testcontainers;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;

/**
 * The kit's checks on any running container of a Spring Boot app, with or without pid1:
 * pid1's startup verdict, a Kubernetes-style termination under load, an orphan storm and
 * the grace budget. Requests go to the container's mapped ports, or to its ports on the
 * host when it uses the host's network.
 *
 * <pre class="code">
 * try (Pid1Kit kit = Pid1Kit.of(container).appPort(8080).managementPort(8081)) {
 *     assertThat(kit.startup()).isGraceful();
 *     assertThat(kit.terminate(Termination.kubernetes().traffic("/orders", 100))).lostNoRequests();
 * }
 * </pre>
 *
 * The kit of a {@link Pid1Container} ({@code container.pid1()}) is closed when the
 * container stops.
 *
 * @author pid1 authors
 */
public final class Pid1Kit implements AutoCloseable {

	private final GenericContainer<?> container;

	private int appPort = 8080;

	private int managementPort = -1;

	private Duration startupTimeout = Duration.ofSeconds(60);

	private Duration absentAfter = Duration.ofSeconds(10);

	private @Nullable StartupReport startup;

	private @Nullable Endpoints endpoints;

	private Duration phaseTimeout = GraceBudget.DEFAULT_PHASE_TIMEOUT;

	private Pid1Kit(GenericContainer<?> container) {
		this.container = container;
	}

	static Pid1Kit create(GenericContainer<?> container) {
		return new Pid1Kit(container);
	}

	/**
	 * The kit for a container (started, or started later).
	 * @param container the container
	 * @return the kit
	 */
	public static Pid1Kit of(GenericContainer<?> container) {
		if (container instanceof Pid1Container pid1Container) {
			return pid1Container.pid1();
		}
		return new Pid1Kit(container);
	}

	/**
	 * The app's port in the container (8080 unless set).
	 * @param port the port
	 * @return this kit
	 */
	public Pid1Kit appPort(int port) {
		this.appPort = port;
		return this;
	}

	/**
	 * The management port in the container ({@code management.server.port}; the app's
	 * port unless set).
	 * @param port the port
	 * @return this kit
	 */
	public Pid1Kit managementPort(int port) {
		this.managementPort = port;
		return this;
	}

	/**
	 * The app's {@code spring.lifecycle.timeout-per-shutdown-phase}, for the grace budget
	 * (Spring Boot's default, 30 s, unless set).
	 * @param timeout the phase timeout
	 * @return this kit
	 */
	public Pid1Kit phaseTimeout(Duration timeout) {
		this.phaseTimeout = timeout;
		return this;
	}

	/**
	 * How long pid1's report may take to appear (60 s), and how long after the app
	 * answers without {@code /actuator/pid1} its startup line may (10 s) before the kit
	 * decides the image has no pid1.
	 * @param timeout the whole timeout
	 * @param absentAfter the time for the startup line
	 * @return this kit
	 */
	public Pid1Kit startupTimeout(Duration timeout, Duration absentAfter) {
		this.startupTimeout = timeout;
		this.absentAfter = absentAfter;
		return this;
	}

	/**
	 * pid1's verdict and state, read once.
	 * @return the report
	 */
	public synchronized StartupReport startup() {
		if (this.startup == null) {
			this.startup = StartupReader.read(endpoints(), managementPort(), this.startupTimeout, this.absentAfter);
		}
		return this.startup;
	}

	/**
	 * Terminates the container as the kubelet does, under load, and reports.
	 * @param termination how
	 * @return what happened
	 */
	public TerminationReport terminate(Termination termination) {
		StartupReport before = startup();
		try {
			return new Terminator(endpoints(), this.appPort, managementPort()).terminate(termination, before);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Terminates the container as the kubelet does under gRPC calls instead of HTTP
	 * requests, and reports the calls by status code. The termination gives the timing
	 * (warm-up, lag, grace period, preStop hook); the traffic the calls. Needs grpc-java
	 * on the test class path (see {@link GrpcTraffic}).
	 * @param termination how
	 * @param traffic the gRPC calls
	 * @return what happened
	 */
	public TerminationReport terminate(Termination termination, GrpcTraffic traffic) {
		StartupReport before = startup();
		try {
			return new Terminator(endpoints(), this.appPort, managementPort()).terminate(termination, traffic, before);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Runs an orphan storm in the container and counts the zombies left.
	 * @param storm the storm
	 * @return what it left
	 */
	public ReapingReport orphanStorm(OrphanStorm storm) {
		StartupReport before = startup();
		try {
			return new OrphanStormRunner(endpoints(), this.appPort).run(storm, before, this::reaped);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * Zombies in the container now, counted from {@code /proc} (needs a shell).
	 * @return the count
	 */
	public long zombies() {
		return new OrphanStormRunner(endpoints(), this.appPort).zombies();
	}

	/**
	 * The grace budget of the running app against a grace period.
	 * @param gracePeriod terminationGracePeriodSeconds
	 * @return the budget
	 */
	public GraceBudget graceBudget(Duration gracePeriod) {
		return GraceBudget.of(gracePeriod, "given", startup(), this.phaseTimeout, null);
	}

	/**
	 * The grace budget of the running app against a manifest's grace period and preStop.
	 * @param manifest the manifest
	 * @return the budget
	 */
	public GraceBudget graceBudget(DeploymentManifest manifest) {
		return GraceBudget.of(manifest.gracePeriod(), manifest.file().getFileName().toString(), startup(),
				this.phaseTimeout, manifest.preStop());
	}

	/**
	 * Everything in order: the verdict, the orphan storm (when given), the grace budget
	 * of the termination's grace period, then the termination, which ends the container.
	 * @param termination how to terminate it
	 * @param storm the orphan storm, {@code null} for none
	 * @return every outcome
	 */
	public Pid1Report check(Termination termination, @Nullable OrphanStorm storm) {
		StartupReport report = startup();
		ReapingReport reaping = (storm != null) ? orphanStorm(storm) : null;
		GraceBudget budget = GraceBudget.of(termination.gracePeriod(), "the termination's grace period", report,
				this.phaseTimeout, termination.preStop());
		return new Pid1Report(report, reaping, terminate(termination), budget);
	}

	/**
	 * The container's log so far.
	 * @return the log
	 */
	public String logs() {
		return endpoints().logs();
	}

	/**
	 * Ends the kit's HTTP client and its threads. A {@link Pid1Container} closes its kit
	 * when it stops; close a kit made for another container when done with it. A check
	 * after that makes a new client.
	 */
	@Override
	public synchronized void close() {
		if (this.endpoints != null) {
			this.endpoints.close();
			this.endpoints = null;
		}
	}

	private @Nullable Long reaped() {
		if (startup().source() != StartupReport.Source.ENDPOINT) {
			return null;
		}
		StartupReport now = StartupReader.read(endpoints(), managementPort(), Duration.ofSeconds(10), Duration.ZERO);
		return (now.reaper() != null) ? now.reaper().reaped() : null;
	}

	private int managementPort() {
		return (this.managementPort >= 0) ? this.managementPort : this.appPort;
	}

	synchronized Endpoints endpoints() {
		if (this.endpoints == null) {
			this.endpoints = new Endpoints(this.container,
					(port) -> (this.container instanceof Pid1Container pid1) ? pid1.hostPort(port)
							: Endpoints.hostPort(this.container.getNetworkMode(), port, this.container::getMappedPort));
		}
		return this.endpoints;
	}

}
