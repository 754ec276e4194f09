package dev.pid1.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
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
 * is for engines without a bridge network.
 *
 * @author pid1 authors
 */
public class Pid1Container extends GenericContainer<Pid1Container> {

	private final Pid1Kit kit = Pid1Kit.create(this);

	private final Map<Integer, Integer> hostPorts = new HashMap<>();

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
		waitingFor(Wait.forLogMessage(".*Started .+ in .+ seconds.*", 1).withStartupTimeout(Duration.ofMinutes(5)));
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
	 * as {@code SERVER_PORT} and {@code MANAGEMENT_SERVER_PORT} when it starts.
	 * @return this container
	 */
	public Pid1Container withHostNetwork() {
		return withNetworkMode("host");
	}

	@Override
	protected void configure() {
		if ("host".equals(getNetworkMode()) && this.hostPorts.isEmpty()) {
			// Decided at start, once every port is known.
			setExposedPorts(List.of());
			this.hostPorts.put(this.appPort, freePort());
			withEnv("SERVER_PORT", Integer.toString(this.hostPorts.get(this.appPort)));
			if (this.managementPort != this.appPort) {
				this.hostPorts.put(this.managementPort, freePort());
				withEnv("MANAGEMENT_SERVER_PORT", Integer.toString(this.hostPorts.get(this.managementPort)));
			}
		}
	}

	/**
	 * Stops the container and closes its kit (the kit's HTTP client and its threads).
	 */
	@Override
	public void stop() {
		try {
			super.stop();
		}
		finally {
			this.kit.close();
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
