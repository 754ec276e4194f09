package dev.pid1.platform.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import dev.pid1.test.NativeBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The FFM backend's reachability metadata (what a GraalVM native image needs to link each
 * downcall) against the downcalls {@code FfmSyscalls} really binds: a descriptor added,
 * changed or removed in the code fails here until the file says the same. Compiled with
 * release 17, so the Java 22+ class is reached by name, and skipped below Java 22.
 *
 * @author pid1 authors
 */
class FfmReachabilityMetadataTests {

	private static final String METADATA = "META-INF/native-image/dev.pid1/pid1-spring-boot-autoconfigure/reachability-metadata.json";

	@Test
	void registersEveryDowncallTheFfmBackendBinds() throws Exception {
		NativeBackends.assumeAvailable("FFM");
		assertRegistersEveryDowncall(METADATA);
	}

	@Test
	void aDowncallMissingFromTheMetadataFails() throws Exception {
		NativeBackends.assumeAvailable("FFM");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> assertRegistersEveryDowncall("dev/pid1/platform/ffm/reachability-metadata-without-kill.json"))
			.withMessageContaining("jint(jint, jint) captureCallState");
	}

	private static void assertRegistersEveryDowncall(String resource) throws Exception {
		assertThat(registered(resource)).as("foreign.downcalls of %s", resource)
			.containsExactlyInAnyOrderElementsOf(bound());
	}

	/** The descriptions FfmSyscalls renders from the descriptors and options it binds. */
	@SuppressWarnings("unchecked")
	private static List<String> bound() throws Exception {
		Method downcalls = Class.forName("dev.pid1.platform.ffm.FfmSyscalls").getDeclaredMethod("downcalls");
		return ((List<String>) downcalls.invoke(null)).stream().distinct().toList();
	}

	/** Each {@code foreign.downcalls} entry, in the same notation. */
	@SuppressWarnings("unchecked")
	private static List<String> registered(String resource) throws IOException {
		Map<String, Object> json = JsonParserFactory.getJsonParser().parseMap(read(resource));
		Map<String, Object> foreign = (Map<String, Object>) json.get("foreign");
		List<Map<String, Object>> downcalls = (List<Map<String, Object>>) foreign.get("downcalls");
		return downcalls.stream().map(FfmReachabilityMetadataTests::describe).toList();
	}

	@SuppressWarnings("unchecked")
	private static String describe(Map<String, Object> downcall) {
		List<Object> parameters = (List<Object>) downcall.get("parameterTypes");
		StringBuilder description = new StringBuilder().append(downcall.get("returnType"))
			.append(parameters.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")")));
		Map<String, Object> options = new LinkedHashMap<>(
				(Map<String, Object>) downcall.getOrDefault("options", Map.of()));
		if (Boolean.TRUE.equals(options.remove("captureCallState"))) {
			description.append(" captureCallState");
		}
		if (options.remove("firstVariadicArg") instanceof Number index) {
			description.append(" firstVariadicArg=").append(index.intValue());
		}
		// Any other option (critical) matches nothing FfmSyscalls binds.
		options.forEach((name, value) -> description.append(' ').append(name).append('=').append(value));
		return description.toString();
	}

	private static String read(String resource) throws IOException {
		try (InputStream in = FfmReachabilityMetadataTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
