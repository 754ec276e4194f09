package dev.pid1.testcontainers;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * grpc-java is optional for the kit: HTTP-only users load and link every class they use
 * without it on their class path.
 *
 * @author pid1 authors
 */
class GrpcOptionalTests {

	@Test
	void theHttpPathLinksWithoutGrpc() throws Exception {
		try (URLClassLoader withoutGrpc = classPathWithout("/io/grpc/")) {
			for (String name : new String[] { "Pid1Kit", "Terminator", "TerminationReport", "TerminationReportAssert",
					"ConstantRateLoad", "Termination", "GrpcTraffic", "GrpcCalls" }) {
				Class<?> type = Class.forName("dev.pid1.testcontainers." + name, true, withoutGrpc);
				// Linking every method's types, as a call of any of them would.
				assertThat(type.getDeclaredMethods()).as(name).isNotNull();
			}
			// The control: the gRPC load itself does need grpc-java.
			assertThatExceptionOfType(NoClassDefFoundError.class).isThrownBy(
					() -> Class.forName("dev.pid1.testcontainers.GrpcLoad", true, withoutGrpc).getDeclaredMethods());
		}
	}

	private static URLClassLoader classPathWithout(String excluded) {
		URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.replace('\\', '/').contains(excluded))
			.map(GrpcOptionalTests::url)
			.toArray(URL[]::new);
		return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
	}

	private static URL url(String entry) {
		try {
			return new File(entry).toURI().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
