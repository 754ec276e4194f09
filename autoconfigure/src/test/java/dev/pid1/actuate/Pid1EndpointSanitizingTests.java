package dev.pid1.actuate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import dev.pid1.autoconfigure.Pid1AutoConfiguration;
import dev.pid1.autoconfigure.Pid1EndpointAutoConfiguration;
import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.FakeProc;
import dev.pid1.platform.UnsupportedPlatform;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command lines in {@code /actuator/pid1} go through the application's
 * {@link SanitizingFunction} beans, as Spring Boot's {@code env} and {@code configprops}
 * endpoints' values do: each {@code -Dkey=value}, {@code --key=value} and
 * {@code KEY=value} is offered to them keyed by its key. The process tree is a fake
 * {@code /proc}: tini, a start script, and this JVM started with a password.
 *
 * @author pid1 authors
 */
class Pid1EndpointSanitizingTests {

	private static final String SECRET = "hunter2";

	private static final List<Integer> JVM_SIGNALS = List.of(1, 2, 3, 15);

	@TempDir
	Path root;

	private ApplicationContextRunner runner() {
		FakeProc proc = new FakeProc(this.root)
			.process(1, 0, 1, List.of("/usr/bin/tini", "--", "/app/start.sh"), List.of(15), List.of(), Map.of())
			.process(7, 1, 7,
					List.of("/bin/bash", "-c",
							"trap 'kill $pid' TERM; java -Dspring.datasource.password=" + SECRET + " -jar app.jar"),
					List.of(15), List.of(), Map.of())
			.process(9, 7, 7, List.of("java", "-Dspring.datasource.password=" + SECRET, "-Dapp.name=orders", "-jar",
					"app.jar", "--spring.datasource.password=" + SECRET), JVM_SIGNALS, List.of(), Map.of());
		EnvironmentFacts facts = new EnvironmentFacts(9, false, new ContainerInfo(true, "docker", "/.dockerenv"),
				false);
		ProcessDiagnostics diagnostics = new ProcessDiagnostics(
				() -> new UnsupportedPlatform("a fake /proc", proc.procFs()), () -> facts);
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class,
					Pid1AutoConfiguration.class, Pid1EndpointAutoConfiguration.class))
			.withBean(ProcessDiagnostics.class, () -> diagnostics)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false",
					"management.endpoints.web.exposure.include=pid1", "pid1.diagnostics.show-values=always");
	}

	@Test
	void sanitizingFunctionsMaskTheJvmsAndEveryHopsCommandLine() {
		runner().withBean("passwords", SanitizingFunction.class, () -> Pid1EndpointSanitizingTests::passwords)
			.run((context) -> {
				String json = json(context.getBean(EndpointJsonMapper.class), context.getBean(Pid1Endpoint.class));
				assertThat(json).doesNotContain(SECRET)
					.contains("java -Dspring.datasource.password=****** -Dapp.name=orders -jar app.jar "
							+ "--spring.datasource.password=******")
					.contains("trap 'kill $pid' TERM; java -Dspring.datasource.password=****** -jar app.jar")
					.contains("/usr/bin/tini -- /app/start.sh");
			});
	}

	@Test
	void theFirstFunctionThatChangesAValueWins() {
		runner().withBean("first", SanitizingFunction.class, () -> new First())
			.withBean("passwords", SanitizingFunction.class, () -> Pid1EndpointSanitizingTests::passwords)
			.run((context) -> assertThat(
					json(context.getBean(EndpointJsonMapper.class), context.getBean(Pid1Endpoint.class)))
				.contains("-Dspring.datasource.password=[first]")
				.doesNotContain(SECRET));
	}

	@Test
	void withoutAFunctionValuesAreShownAsSpringBootsEnvEndpointShowsThem() {
		// Spring Boot has no list of keys it masks by default since 3.0: with
		// show-values allowing it, the env endpoint shows a password too.
		runner().run((context) -> assertThat(
				json(context.getBean(EndpointJsonMapper.class), context.getBean(Pid1Endpoint.class)))
			.contains("-Dspring.datasource.password=" + SECRET));
	}

	@Test
	void showValuesNeverShowsNoCommandLineAtAll() {
		runner().withPropertyValues("pid1.diagnostics.show-values=never")
			.withBean("passwords", SanitizingFunction.class, () -> Pid1EndpointSanitizingTests::passwords)
			.run((context) -> assertThat(
					json(context.getBean(EndpointJsonMapper.class), context.getBean(Pid1Endpoint.class)))
				.doesNotContain(SECRET)
				.doesNotContain("app.jar"));
	}

	private static SanitizableData passwords(SanitizableData data) {
		return data.getLowerCaseKey().contains("password") ? data.withSanitizedValue() : data;
	}

	private static String json(EndpointJsonMapper mapper, Pid1Endpoint endpoint) {
		return mapper.get().writeValueAsString(endpoint.pid1(SecurityContext.NONE));
	}

	@Order(0)
	static final class First implements SanitizingFunction {

		@Override
		public SanitizableData apply(SanitizableData data) {
			return data.getKey().endsWith("password") ? data.withValue("[first]") : data;
		}

	}

}
