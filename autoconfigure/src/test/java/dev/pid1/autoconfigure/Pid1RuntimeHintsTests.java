package dev.pid1.autoconfigure;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.AbstractNioChannel;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectDecoder;
import org.apache.coyote.AbstractProtocol;
import org.eclipse.jetty.http2.HTTP2Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.pid1.platform.LinuxSyscalls;
import dev.pid1.platform.ProcessPlatforms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Pid1RuntimeHints}: each reflective access pid1 makes has its hint
 * (checked against the real classes, so a renamed member fails here too), and the
 * registrar is where Spring's AOT processing finds it.
 *
 * @author pid1 authors
 */
class Pid1RuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void registrarIsListedInAotFactories() {
		List<RuntimeHintsRegistrar> registrars = SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class);
		assertThat(registrars).hasAtLeastOneElementOfType(Pid1RuntimeHints.class);
	}

	@Test
	void everyNativeBackendAndItsConstructor() throws Exception {
		assertThat(ProcessPlatforms.reflectiveClassNames()).isNotEmpty();
		ClassLoader classLoader = getClass().getClassLoader();
		List<Constructor<?>> backends = new ArrayList<>();
		for (String name : ProcessPlatforms.reflectiveClassNames()) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(name))).as(name).accepts(this.hints);
			Constructor<?> constructor = backendConstructor(name, classLoader);
			if (constructor != null) {
				backends.add(constructor);
			}
		}
		assertThat(backends).as("backends that load with this Java and class path").isNotEmpty();
		for (Constructor<?> backend : backends) {
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(backend)).as(backend.toString())
				.accepts(this.hints);
		}
	}

	/**
	 * A backend's constructor, {@code null} where it cannot load here: FFM before Java
	 * 22, JNA's backend where JNA is left off the class path (CI's Java 25 pass).
	 */
	private static @Nullable Constructor<?> backendConstructor(String name, ClassLoader classLoader) {
		try {
			Class<?> type = ClassUtils.forName(name, classLoader);
			return LinuxSyscalls.class.isAssignableFrom(type) ? type.getDeclaredConstructor() : null;
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return null;
		}
	}

	@Test
	void theJdkChildRegistry() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess("java.lang.ProcessHandleImpl", "completions"))
			.accepts(this.hints);
	}

	@Test
	void jettyAndTomcatInternals() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HTTP2Session.class, "getLastRemoteStreamId"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AbstractProtocol.class, "getEndpoint"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation("org.apache.coyote.http2.Http2UpgradeHandler", "checkPauseState")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onFieldAccess("org.apache.coyote.http2.Http2UpgradeHandler", "connectionState")).accepts(this.hints);
	}

	@Test
	void nettyInternals() throws Exception {
		assertThat(
				RuntimeHintsPredicates.reflection().onFieldAccess(CombinedChannelDuplexHandler.class, "inboundHandler"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(HttpObjectDecoder.class, "currentState"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(ByteToMessageDecoder.class, "cumulation"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AbstractNioChannel.class, "javaChannel"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EpollSocketChannel.class, "fd"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation("io.netty.channel.epoll.AbstractEpollChannel", "fd")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ReflectionUtils.findMethod(Socket.class, "getIntOpt", int.class, int.class)))
			.accepts(this.hints);
	}

	@Test
	void aHintLeftOutFails() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HTTP2Session.class, "getLastRemoteStreamId"))
			.rejects(new RuntimeHints());
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		new Pid1RuntimeHints().registerHints(hints, Pid1RuntimeHintsTests.class.getClassLoader());
		return hints;
	}

}
