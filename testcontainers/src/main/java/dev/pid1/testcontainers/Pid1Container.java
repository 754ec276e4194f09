package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A container of a Spring Boot app's image, ready for the kit: its app port (8080) and
 * management port exposed, started once Spring Boot logs {@code Started ... in} (within 5
 * min: CI machines are shared).
 *
 * <pre class="code">
 * try (Pid1Container app = new Pid1Container("my-service:1.0").withManagementPort(8081)) {
 *     app.start();
 *     assertThat(app.pid1().terminate(Termination.kubernetes().traffic("/orders", 100))).lostNoRequests();
 * }
 * </pre>
 *
 * By default the kit reaches the app through the mapped ports. {@link #withHostNetwork()}
 * is for engines without a bridge network. Stopping the container closes its kit.
 *
 * @author pid1 authors
 */
public class Pid1Container extends GenericContainer<Pid1Container> {

	private final Pid1Kit kit = Pid1Kit.create(this);

	/**
	 * How many times a start on the host's network is tried when the app could not bind a
	 * port (another process took it after the kit chose it).
	 */
	static final int HOST_NETWORK_ATTEMPTS = 3;

	private final Map<Integer, Integer> hostPorts = new ConcurrentHashMap<>();

	/**
	 * Whether a start on the host's network is under way: Testcontainers stops (and
	 * removes) a container that failed to start before the failure reaches
	 * {@link #start()}, so what tells a taken port is read as it stops.
	 */
	private volatile boolean starting;

	private volatile boolean portTaken;

	private int appPort = 8080;

	private int managementPort = 8080;

	/**
	 * A container of an image.
	 * @param image the image name
	 */
	public Pid1Container(String image) {
		this(DockerImageName.parse(image));
	}

	/**
	 * A container of an image.
	 * @param image the image
	 */
	public Pid1Container(DockerImageName image) {
		super(image);
		withExposedPorts(this.appPort);
		waitingFor(new AppStarted(Duration.ofMinutes(5)));
	}

	/**
	 * The app's port in the container ({@code server.port}, 8080 unless set).
	 * @param port the port
	 * @return this container
	 */
	public Pid1Container withAppPort(int port) {
		boolean shared = this.managementPort == this.appPort;
		this.appPort = port;
		if (shared) {
			this.managementPort = port;
		}
		this.kit.appPort(port).managementPort(this.managementPort);
		return exposePorts();
	}

	/**
	 * The management port in the container ({@code management.server.port}), where
	 * {@code /actuator/pid1} and pid1's preStop endpoint are. The app's port unless set.
	 * @param port the port
	 * @return this container
	 */
	public Pid1Container withManagementPort(int port) {
		this.managementPort = port;
		this.kit.managementPort(port);
		return exposePorts();
	}

	/**
	 * Runs the container on the host's network, for engines that have no bridge network:
	 * the app's and the management port become free ports of the host, passed to the app
	 * as {@code SERVER_PORT} and {@code MANAGEMENT_SERVER_PORT} when it starts. No other
	 * container of this JVM gets them until this one stops; when another process took one
	 * meanwhile (the app logs that its port was already in use and exits), the container
	 * is started again on other ports, up to 3 times.
	 * @return this container
	 */
	public Pid1Container withHostNetwork() {
		return withNetworkMode("host");
	}

	@Override
	protected void configure() {
		if (onHostNetwork()) {
			// Decided at each start, once every port is known.
			releaseHostPorts();
			setExposedPorts(List.of());
			int app = pickHostPort();
			this.hostPorts.put(this.appPort, app);
			withEnv("SERVER_PORT", Integer.toString(app));
			if (this.managementPort != this.appPort) {
				int management = pickHostPort();
				this.hostPorts.put(this.managementPort, management);
				withEnv("MANAGEMENT_SERVER_PORT", Integer.toString(management));
			}
		}
	}

	/**
	 * A port of the host for one of the app's ports under {@link #withHostNetwork()}:
	 * free now, and not given to another container of this JVM until this one stops.
	 * Override to take ports from a range of your own.
	 * @return the port
	 */
	protected int pickHostPort() {
		return HostPorts.reserve();
	}

	/**
	 * Starts the container; on the host's network, again on other ports when the app
	 * could not bind one of its own.
	 */
	@Override
	public void start() {
		if (!onHostNetwork()) {
			super.start();
			return;
		}
		for (int attempt = 1;; attempt++) {
			this.portTaken = false;
			this.starting = true;
			try {
				super.start();
				return;
			}
			catch (RuntimeException ex) {
				if (!this.portTaken) {
					throw ex;
				}
				stop();
				if (attempt == HOST_NETWORK_ATTEMPTS) {
					throw new ContainerLaunchException("The app could not bind its ports on the host's network in "
							+ attempt + " attempts (another process took them)", ex);
				}
				logger().warn("A port of the host was taken; starting the container again on other ports");
			}
			finally {
				this.starting = false;
			}
		}
	}

	/**
	 * Stops the container, closes its kit (the kit's HTTP client and its threads) and
	 * gives its host ports back.
	 */
	@Override
	public void stop() {
		if (this.starting && getContainerId() != null) {
			this.portTaken = HostPorts.taken(logsOfFailedStart(), List.copyOf(this.hostPorts.values()));
		}
		try {
			super.stop();
		}
		finally {
			this.kit.close();
			releaseHostPorts();
		}
	}

	/**
	 * The kit's checks on this container.
	 * @return the kit
	 */
	public Pid1Kit pid1() {
		return this.kit;
	}

	/**
	 * The port the test host reaches a container port on.
	 * @param containerPort the port in the container
	 * @return the host port
	 */
	public int hostPort(int containerPort) {
		Integer host = this.hostPorts.get(containerPort);
		if (host != null) {
			return host;
		}
		return Endpoints.hostPort(getNetworkMode(), containerPort, this::getMappedPort);
	}

	/**
	 * The app's port as the test host reaches it.
	 * @return the host port
	 */
	public int appHostPort() {
		return hostPort(this.appPort);
	}

	/**
	 * The management port as the test host reaches it.
	 * @return the host port
	 */
	public int managementHostPort() {
		return hostPort(this.managementPort);
	}

	private Pid1Container exposePorts() {
		if (!"host".equals(getNetworkMode())) {
			setExposedPorts((this.managementPort != this.appPort) ? List.of(this.appPort, this.managementPort)
					: List.of(this.appPort));
		}
		return self();
	}

	private boolean onHostNetwork() {
		return "host".equals(getNetworkMode());
	}

	private void releaseHostPorts() {
		this.hostPorts.values().forEach(HostPorts::release);
		this.hostPorts.clear();
	}

	private String logsOfFailedStart() {
		try {
			return getLogs();
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

}
