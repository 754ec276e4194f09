package dev.pid1.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import dev.pid1.platform.ProcessPlatforms;

/**
 * The reflection pid1 does, registered for ahead-of-time processing (listed in
 * {@code META-INF/spring/aot.factories}, as Spring Boot's modules do): a GraalVM native
 * image keeps only the classes, constructors, methods and fields registered. Each entry
 * names the class that reaches it; types are named, not loaded, because the web servers
 * and JNA are optional. Where a member is missing at run time pid1 already degrades (safe
 * reaping, Tomcat's own GOAWAY, connections left to the server), so a missing hint costs
 * a feature, not the app.
 *
 * @author pid1 authors
 */
final class Pid1RuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		ReflectionHints reflection = hints.reflection();
		platform(reflection);
		foreignDowncalls(hints);
		// JdkChildRegistry: the JDK's registry of the children it waits for (exact mode).
		field(reflection, "java.lang.ProcessHandleImpl", "completions");
		connections(reflection);
	}

	/** ProcessPlatforms: each backend by name, and its no-argument constructor. */
	private static void platform(ReflectionHints reflection) {
		for (String name : ProcessPlatforms.reflectiveClassNames()) {
			reflection.registerType(TypeReference.of(name), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
	}

	/**
	 * Nothing to register here: a native image links each {@code Linker.downcallHandle}
	 * it meets only when its function descriptor and linker options are registered at
	 * build time, and Spring's {@link RuntimeHints} has no kind for them. The FFM
	 * backend's downcalls are in GraalVM's own reachability metadata instead, which
	 * {@code native-image} reads from the jar:
	 * {@code META-INF/native-image/dev.pid1/pid1-spring-boot-autoconfigure/reachability-metadata.json}
	 * ({@code foreign.downcalls}), held to what {@code FfmSyscalls} binds by
	 * {@code FfmReachabilityMetadataTests}.
	 */
	private static void foreignDowncalls(RuntimeHints hints) {
	}

	private static void connections(ReflectionHints reflection) {
		// JettyConnections: the last stream id a GOAWAY carries.
		method(reflection, "org.eclipse.jetty.http2.HTTP2Session", "getLastRemoteStreamId");
		// TomcatConnections: the endpoint, and the HTTP/2 connection's pause state.
		method(reflection, "org.apache.coyote.AbstractProtocol", "getEndpoint");
		method(reflection, "org.apache.coyote.http2.Http2UpgradeHandler", "checkPauseState");
		field(reflection, "org.apache.coyote.http2.Http2UpgradeHandler", "connectionState");
		// NettyIdleClose: whether a keep-alive connection is between requests.
		field(reflection, "io.netty.channel.CombinedChannelDuplexHandler", "inboundHandler");
		field(reflection, "io.netty.handler.codec.http.HttpObjectDecoder", "currentState");
		field(reflection, "io.netty.handler.codec.ByteToMessageDecoder", "cumulation");
		// NettyIdleClose: the kernel's unread bytes, NIO and epoll.
		method(reflection, "io.netty.channel.nio.AbstractNioChannel", "javaChannel");
		method(reflection, "io.netty.channel.epoll.EpollSocketChannel", "fd");
		method(reflection, "io.netty.channel.epoll.AbstractEpollChannel", "fd");
		reflection.registerType(TypeReference.of("io.netty.channel.unix.Socket"), (type) -> type.withMethod("getIntOpt",
				List.of(TypeReference.of(int.class), TypeReference.of(int.class)), ExecutableMode.INVOKE));
	}

	private static void method(ReflectionHints reflection, String type, String name) {
		reflection.registerType(TypeReference.of(type),
				(hint) -> hint.withMethod(name, List.of(), ExecutableMode.INVOKE));
	}

	private static void field(ReflectionHints reflection, String type, String name) {
		reflection.registerType(TypeReference.of(type), (hint) -> hint.withField(name));
	}

}
