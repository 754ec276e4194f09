package dev.pid1.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.support.ConfigurableConversionService;

import dev.pid1.actuate.PreStopEndpoint;
import dev.pid1.diagnosis.PreStopHookStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The preStop endpoint stops the pod on a GET, so, like Spring Boot's {@code shutdown}
 * endpoint, nobody reaches it until the application grants it
 * {@code management.endpoint.prestop.access=unrestricted}; and the startup line says when
 * a preStop hook would get a 404.
 *
 * @author pid1 authors
 */
@ExtendWith(OutputCaptureExtension.class)
class Pid1PreStopEndpointAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(LifecycleAutoConfiguration.class,
			Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class,
			Pid1PreStopEndpointAutoConfiguration.class);

	/** Everything exposed, on the main port. */
	private final WebApplicationContextRunner onTheMainPort = new WebApplicationContextRunner()
		// As in an application: unrestricted, not only UNRESTRICTED.
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("pid1.diagnostics.log-on-startup=false", "management.endpoints.web.exposure.include=*");

	/** Everything exposed, on a management port of its own. */
	private final WebApplicationContextRunner everythingExposed = this.onTheMainPort
		.withPropertyValues("management.server.port=0");

	@AfterEach
	void awaitStartupLines() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals("pid1-diagnosis")));
	}

	@Test
	void exposingEverythingDoesNotServeIt() {
		this.everythingExposed.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
	}

	@Test
	void unrestrictedAccessServesIt() {
		this.everythingExposed.withPropertyValues("management.endpoint.prestop.access=unrestricted")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
	}

	@Test
	void unrestrictedAccessForAllEndpointsServesIt() {
		this.everythingExposed.withPropertyValues("management.endpoints.access.default=unrestricted")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
	}

	@Test
	void readOnlyAccessDoesNotServeAGetThatStopsThePod() {
		this.everythingExposed.withPropertyValues("management.endpoint.prestop.access=read-only")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
		this.everythingExposed.withPropertyValues("management.endpoints.access.default=read-only")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
	}

	@Test
	void aReadOnlyCapKeepsItOff() {
		this.everythingExposed
			.withPropertyValues("management.endpoint.prestop.access=unrestricted",
					"management.endpoints.access.max-permitted=read-only")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
	}

	@Test
	void onKubernetesTheStartupLineSaysHowToServeIt(CapturedOutput output) {
		String line = startupLine(output, "spring.main.cloud-platform=kubernetes");
		assertThat(line).contains("preStop endpoint off")
			.contains("set management.endpoint.prestop.access=unrestricted");
		assertThat(line.indexOf("preStop")).as("before the signal path, whose verdict ends the line")
			.isLessThan(line.indexOf("; signal path "));
	}

	@Test
	void notGrantedIsNoWarningUnlessNamedOnKubernetes() {
		this.everythingExposed.run((context) -> {
			PreStopHookStatus status = PreStopEndpointCheck.of(context);
			assertThat(status.served()).isFalse();
			assertThat(status.reason()).isEqualTo("management.endpoint.prestop.access is none, the default");
			assertThat(status.isWarning(true)).as("on Kubernetes, exposed with *").isFalse();
			assertThat(status.clause(false)).as("off Kubernetes").isNull();
		});
		this.everythingExposed.withPropertyValues("management.endpoints.web.exposure.include=health,prestop")
			.run((context) -> assertThat(PreStopEndpointCheck.of(context).isWarning(true))
				.as("named on Kubernetes, not granted")
				.isTrue());
		this.everythingExposed.withPropertyValues("management.endpoint.prestop.access=read-only")
			.run((context) -> assertThat(PreStopEndpointCheck.of(context).reason())
				.isEqualTo("management.endpoint.prestop.access is read_only, "
						+ "and a GET that stops the pod needs unrestricted"));
	}

	@Test
	void grantedAndServedIsNoWarning() {
		this.everythingExposed.withPropertyValues("management.endpoint.prestop.access=unrestricted").run((context) -> {
			PreStopHookStatus status = PreStopEndpointCheck.of(context);
			assertThat(status.path()).isEqualTo("/actuator/prestop");
			assertThat(status.isWarning(true)).isFalse();
			assertThat(status.isWarning(false)).isFalse();
		});
	}

	@Test
	void withoutPid1sShutdownThereIsNothingToSay() {
		this.everythingExposed.withPropertyValues("pid1.shutdown.enabled=false")
			.run((context) -> assertThat(PreStopEndpointCheck.of(context)).isNull());
	}

	@Test
	void onKubernetesTheStartupLineNamesTheServedPath(CapturedOutput output) {
		String line = startupLine(output, "spring.main.cloud-platform=kubernetes",
				"management.endpoint.prestop.access=unrestricted");
		assertThat(line).contains("preStop endpoint /actuator/prestop").doesNotContain("access=unrestricted");
	}

	@Test
	void grantedButNotExposedIsAWarningThatNamesTheExposure(CapturedOutput output) {
		String[] properties = { "management.endpoint.prestop.access=unrestricted",
				"management.endpoints.web.exposure.include=health" };
		this.everythingExposed.withPropertyValues(properties)
			.run((context) -> assertThat(PreStopEndpointCheck.of(context).isWarning(false)).isTrue());
		assertThat(startupLine(output, properties))
			.contains("add prestop to management.endpoints.web.exposure.include");
	}

	@Test
	void grantedOnTheMainPortIsAWarningThatNamesTheWayOut(CapturedOutput output) {
		this.onTheMainPort.withPropertyValues("management.endpoint.prestop.access=unrestricted")
			.run((context) -> assertThat(PreStopEndpointCheck.of(context).isWarning(false)).isTrue());
		assertThat(startupLine(this.onTheMainPort, output, "management.endpoint.prestop.access=unrestricted"))
			.contains("set management.server.port to a port of its own, or pid1.shutdown.pre-stop-on-main-port=true");
		this.onTheMainPort
			.withPropertyValues("management.endpoint.prestop.access=unrestricted",
					"pid1.shutdown.pre-stop-on-main-port=true")
			.run((context) -> assertThat(PreStopEndpointCheck.of(context).path()).isEqualTo("/actuator/prestop"));
	}

	@Test
	void offKubernetesAndNotGrantedTheLineSaysNothingOfIt(CapturedOutput output) {
		assertThat(startupLine(output)).doesNotContain("preStop");
	}

	private String startupLine(CapturedOutput output, String... properties) {
		return startupLine(this.everythingExposed, output, properties);
	}

	private String startupLine(WebApplicationContextRunner runner, CapturedOutput output, String... properties) {
		runner.withPropertyValues("pid1.diagnostics.log-on-startup=true")
			.withPropertyValues(properties)
			.run((context) -> {
				ready(context);
				await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("pid1: "));
			});
		return output.getOut().lines().filter((line) -> line.contains("pid1: ")).findFirst().orElseThrow();
	}

	private static void ready(ConfigurableApplicationContext context) {
		context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
	}

}
