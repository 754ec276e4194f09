package dev.pid1.grpc;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The app's {@link HealthStatusManager} beans, made terminal when the drain begins:
 * {@code enterTerminalState} turns every status it holds, the server's ({@code ""})
 * included, to {@code NOT_SERVING} for Check and Watch, and ignores the updates that
 * follow, so that Spring Boot's scheduled health updates cannot turn it back to
 * {@code SERVING}.
 * <p>
 * Spring Boot declares the manager with {@code enterTerminalState} as its destroy method,
 * and a second call logs a warning with a stack trace: {@link #destroyOnce()} takes that
 * destroy method off the bean definitions and this bean calls it at the close for each
 * manager the drain has not made terminal (a close without a drain).
 *
 * @author pid1 authors
 */
public final class HealthStatusManagers implements GrpcHealth, DisposableBean {

	static final String TERMINAL = "enterTerminalState";

	private final Supplier<List<HealthStatusManager>> managers;

	private final Set<HealthStatusManager> terminal = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Creates the health of the app's managers.
	 * @param managers the managers, resolved when the drain begins
	 */
	public HealthStatusManagers(Supplier<List<HealthStatusManager>> managers) {
		this.managers = managers;
	}

	@Override
	public int notServing() {
		int told = 0;
		for (HealthStatusManager manager : this.managers.get()) {
			if (terminate(manager)) {
				told++;
			}
		}
		return told;
	}

	private boolean terminate(HealthStatusManager manager) {
		synchronized (this.terminal) {
			if (!this.terminal.add(manager)) {
				return false;
			}
		}
		manager.enterTerminalState();
		return true;
	}

	@Override
	public void destroy() {
		notServing();
	}

	/**
	 * Takes {@code enterTerminalState} off the destroy methods of the
	 * {@link HealthStatusManager} beans.
	 * @return the post-processor
	 */
	public static BeanFactoryPostProcessor destroyOnce() {
		return HealthStatusManagers::removeTerminalDestroyMethod;
	}

	private static void removeTerminalDestroyMethod(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		for (String name : beanFactory.getBeanNamesForType(HealthStatusManager.class, true, false)) {
			if (beanFactory.containsBeanDefinition(name)) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				if (TERMINAL.equals(definition.getDestroyMethodName())) {
					definition.setDestroyMethodName(null);
				}
			}
		}
	}

}
