package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers on the host's network started in parallel get ports of their own: a port the
 * kit hands out is not handed out again in this JVM until its container stops.
 *
 * @author pid1 authors
 */
class HostPortsTests {

	private static final int THREADS = 8;

	private static final int PICKS = 250;

	/**
	 * 2,000 containers configured from 8 threads, none stopped yet: every app port and
	 * management port differs.
	 */
	@Test
	void containersConfiguredInParallelNeverShareAPort() throws Exception {
		List<Pid1Container> containers = new ArrayList<>();
		try {
			AtomicInteger clashes = clashes((held) -> () -> {
				Pid1Container container = new Pid1Container("example/app:1").withManagementPort(8081).withHostNetwork();
				synchronized (containers) {
					containers.add(container);
				}
				container.configure();
				int app = container.appHostPort();
				int management = container.managementHostPort();
				return (held.add(app) ? 0 : 1) + (held.add(management) ? 0 : 1);
			});
			assertThat(clashes).as("ports handed out while another container held them").hasValue(0);
		}
		finally {
			containers.forEach(Pid1Container::stop);
		}
	}

	/**
	 * The negative control: the way the kit picked ports before (a free port, released at
	 * once) hands out ports another container of the same JVM already holds.
	 */
	@Test
	void aFreePortReleasedAtOnceIsHandedOutAgain() throws Exception {
		AtomicInteger clashes = clashes((held) -> () -> held.add(releasedAtOnce()) ? 0 : 1);
		assertThat(clashes.get()).as("clashes of %d picks", THREADS * PICKS).isPositive();
	}

	@Test
	void aStoppedContainersPortsAreFreeForOthers() {
		Pid1Container container = new Pid1Container("example/app:1").withHostNetwork();
		container.configure();
		int port = container.appHostPort();
		assertThat(HostPorts.held()).contains(port);
		container.stop();
		assertThat(HostPorts.held()).doesNotContain(port);
	}

	@Test
	void aBindFailureOnTheContainersPortsIsRecognised() {
		String plain = StructuredLogTests.log("plain-port-taken.log");
		assertThat(HostPorts.taken(plain, List.of(34101, 34102))).isTrue();
		assertThat(HostPorts.taken(plain, List.of(34105))).isFalse();
		String ecs = StructuredLogTests.log("ecs-management-port-taken.log");
		assertThat(HostPorts.taken(ecs, List.of(34103, 34104))).isTrue();
		assertThat(HostPorts.taken(StructuredLogTests.log("plain-jvm-pid1.log"), List.of(34060, 34061))).isFalse();
	}

	/** Picks from 8 threads in parallel, each port held by its picker until the end. */
	private static AtomicInteger clashes(Function<Set<Integer>, IntSupplier> picker) throws Exception {
		Set<Integer> held = ConcurrentHashMap.newKeySet();
		AtomicInteger clashes = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				futures.add(executor.submit(() -> {
					IntSupplier pick = picker.apply(held);
					for (int i = 0; i < PICKS; i++) {
						clashes.addAndGet(pick.getAsInt());
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		return clashes;
	}

	private static int releasedAtOnce() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
