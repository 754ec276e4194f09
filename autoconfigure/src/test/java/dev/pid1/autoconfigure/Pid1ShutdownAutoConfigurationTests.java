package dev.pid1.autoconfigure;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.actuate.endpoint.SecurityContext;

import dev.pid1.actuate.Pid1Endpoint;
import dev.pid1.actuate.PreStopEndpoint;
import dev.pid1.actuate.ShutdownDescriptor;
import dev.pid1.shutdown.DrainServletFilter;
import dev.pid1.shutdown.DrainWebFilter;
import dev.pid1.shutdown.ShutdownCoordinator;
import dev.pid1.shutdown.ShutdownLifecycles;
import dev.pid1.shutdown.ShutdownMeters;
import dev.pid1.shutdown.ShutdownPhase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring and validation of the shutdown sequence.
 *
 * @author pid1 authors
 */
@ExtendWith(OutputCaptureExtension.class)
class Pid1ShutdownAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(LifecycleAutoConfiguration.class,
			Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class,
			Pid1ShutdownMetricsAutoConfiguration.class, Pid1PreStopEndpointAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues("pid1.diagnostics.log-on-startup=false");

	@Test
	void servletAppGetsTheSequenceAndTheServletFilter() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false")
			.run((context) -> assertThat(context).hasSingleBean(ShutdownCoordinator.class)
				.hasSingleBean(ShutdownLifecycles.Drain.class)
				.hasSingleBean(ShutdownLifecycles.Closed.class)
				.hasSingleBean(DrainServletFilter.class)
				.doesNotHaveBean(DrainWebFilter.class));
	}

	@Test
	void reactiveAppGetsTheWebFilter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false")
			.run((context) -> assertThat(context).hasSingleBean(DrainWebFilter.class)
				.doesNotHaveBean(DrainServletFilter.class));
	}

	@Test
	void appWithoutWebServerGetsNoFilterAndNoDrain() {
		this.runner.withPropertyValues("pid1.shutdown.drain=always").run((context) -> {
			assertThat(context).hasSingleBean(ShutdownCoordinator.class)
				.doesNotHaveBean(DrainServletFilter.class)
				.doesNotHaveBean(DrainWebFilter.class);
			assertThat(context.getBean(ShutdownCoordinator.class).status().drain()).isFalse();
			assertThat(context.getBean(ShutdownCoordinator.class).status().phase()).isEqualTo(ShutdownPhase.RUNNING);
		});
	}

	@Test
	void defaultsFitKubernetesDefaultGracePeriod() {
		this.runner.run((context) -> {
			var status = context.getBean(ShutdownCoordinator.class).status();
			assertThat(status.settings().deadlineMillis()).isEqualTo(27_000);
			assertThat(status.settings().drainMinMillis()).isZero();
			assertThat(status.settings().quietPeriodMillis()).isEqualTo(2_000);
			assertThat(status.settings().drainMaxMillis()).isEqualTo(20_000);
			assertThat(status.settings().adaptive()).isTrue();
			assertThat(status.settings().adaptiveMinRate()).isEqualTo(20);
			assertThat(status.settings().adaptiveGaps()).isEqualTo(8);
			assertThat(status.settings().silenceMinMillis()).isEqualTo(250);
			assertThat(status.settings().windowMillis()).isEqualTo(10_000);
			assertThat(status.settings().signalBurstWindowMillis()).isEqualTo(1_000);
		});
	}

	@Test
	void gracePeriodAsBareSecondsFromTheManifestSetsTheDeadline() {
		this.runner
			.withPropertyValues("pid1.shutdown.grace-period=60", "pid1.shutdown.grace-period-check=fail",
					"spring.lifecycle.timeout-per-shutdown-phase=20s")
			.run((context) -> assertThat(
					context.getBean(ShutdownCoordinator.class).status().settings().deadlineMillis())
				.isEqualTo(57_000));
	}

	@Test
	void gracePeriodFromTheEnvironmentVariableTheManifestSets() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("PID1_SHUTDOWN_GRACEPERIOD", "45"))))
			.run((context) -> assertThat(
					context.getBean(ShutdownCoordinator.class).status().settings().deadlineMillis())
				.isEqualTo(42_000));
	}

	@Test
	void closeThatCannotFitTheGracePeriodFailsWithTheArithmeticWhenAskedTo() {
		this.runner.withPropertyValues("pid1.shutdown.grace-period=30s", "pid1.shutdown.grace-period-check=fail")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("pid1.shutdown.grace-period")
				.hasMessageContaining("drain up to 20 s + in-flight requests up to 30 s")
				.hasMessageContaining("= 53 s > grace period 30 s"));
	}

	@Test
	void closeThatMayNotFitTheGracePeriodOnlyWarnsByDefault(CapturedOutput output) {
		this.runner.withPropertyValues("pid1.shutdown.grace-period=30s")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("The shutdown may not fit the grace period: drain up to 20 s");
	}

	@Test
	void pid1EndpointShowsTheShutdownState() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class,
					Pid1EndpointAutoConfiguration.class))
			.withPropertyValues("pid1.diagnostics.log-on-startup=false",
					"management.endpoints.web.exposure.include=pid1")
			.run((context) -> {
				ShutdownDescriptor shutdown = context.getBean(Pid1Endpoint.class).pid1(SecurityContext.NONE).shutdown();
				assertThat(shutdown.phase()).isEqualTo(ShutdownDescriptor.Phase.RUNNING);
				assertThat(shutdown.trigger()).isNull();
				assertThat(shutdown.settings().deadlineMillis()).isEqualTo(27_000);
			});
	}

	@Test
	void deadlineAfterTheGracePeriodFails() {
		assertInvalid("pid1.shutdown.deadline", "pid1.shutdown.grace-period=20s", "pid1.shutdown.deadline=25s",
				"pid1.shutdown.drain-max=5s");
	}

	@Test
	void drainLongerThanTheDeadlineFails() {
		assertInvalid("pid1.shutdown.drain-max", "pid1.shutdown.drain-max=30s");
	}

	@Test
	void negativeDurationFails() {
		assertInvalid("pid1.shutdown.drain-min", "pid1.shutdown.drain-min=-1s");
		assertInvalid("pid1.shutdown.quiet-period", "pid1.shutdown.quiet-period=-5ms");
	}

	@Test
	void adaptiveSettingsAreBoundedAndNamedWhenWrong() {
		assertInvalid("pid1.shutdown.adaptive.min-rate", "pid1.shutdown.adaptive.min-rate=0");
		assertInvalid("pid1.shutdown.adaptive.gaps", "pid1.shutdown.adaptive.gaps=1");
		assertInvalid("pid1.shutdown.adaptive.silence-min", "pid1.shutdown.adaptive.silence-min=5ms");
		assertInvalid("pid1.shutdown.adaptive.window", "pid1.shutdown.adaptive.window=500ms");
		assertInvalid("pid1.shutdown.signal-burst-window", "pid1.shutdown.signal-burst-window=11s");
		assertInvalid("pid1.shutdown.signal-burst-window", "pid1.shutdown.signal-burst-window=-1s");
		this.runner.withPropertyValues("pid1.shutdown.adaptive.min-rate=0")
			.run((context) -> assertThat(Rejection.single(context))
				.isEqualTo(new Rejection("pid1.shutdown.adaptive.min-rate", "0", "must be from 1 to 100000")));
	}

	@Test
	void adaptiveSettingsAreBound() {
		this.runner
			.withPropertyValues("pid1.shutdown.adaptive.enabled=false", "pid1.shutdown.adaptive.min-rate=50",
					"pid1.shutdown.adaptive.gaps=12", "pid1.shutdown.adaptive.silence-min=400ms",
					"pid1.shutdown.adaptive.window=20s", "pid1.shutdown.signal-burst-window=0")
			.run((context) -> {
				var settings = context.getBean(ShutdownCoordinator.class).status().settings();
				assertThat(settings.adaptive()).isFalse();
				assertThat(settings.adaptiveMinRate()).isEqualTo(50);
				assertThat(settings.adaptiveGaps()).isEqualTo(12);
				assertThat(settings.silenceMinMillis()).isEqualTo(400);
				assertThat(settings.windowMillis()).isEqualTo(20_000);
				assertThat(settings.signalBurstWindowMillis()).isZero();
			});
	}

	@Test
	void minimumAboveMaximumFails() {
		assertInvalid("pid1.shutdown.drain-min", "pid1.shutdown.drain-min=10s", "pid1.shutdown.drain-max=5s");
	}

	@Test
	void unknownExitCodeMappingFails() {
		assertInvalid("pid1.shutdown.exit-codes.usr1", "pid1.shutdown.exit-codes.usr1=0");
		assertInvalid("pid1.shutdown.exit-codes.term", "pid1.shutdown.exit-codes.term=300");
	}

	@Test
	void exitCodesAreRemappedLikeTini() {
		this.runner.withPropertyValues("pid1.shutdown.exit-codes.TERM=0", "pid1.shutdown.exit-codes.130=1")
			.run((context) -> {
				var exitCodes = context.getBean(ShutdownCoordinator.class).settings().exitCodes();
				assertThat(exitCodes.forSignal(15)).isZero();
				assertThat(exitCodes.forSignal(2)).isEqualTo(1);
				assertThat(exitCodes.forSignal(1)).isEqualTo(129);
			});
	}

	@Test
	void shutdownCanBeSwitchedOff() {
		this.runner.withPropertyValues("pid1.shutdown.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ShutdownCoordinator.class));
		this.runner.withPropertyValues("pid1.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ShutdownCoordinator.class));
	}

	@Test
	void metersWithMicrometer() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(ShutdownMeters.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("pid1.shutdown.drain").timer()).isNotNull();
			assertThat(registry.find("pid1.shutdown.drain.requests").counter()).isNotNull();
			assertThat(registry.find("pid1.shutdown.duration").timer()).isNotNull();
		});
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(ShutdownCoordinator.class)
				.doesNotHaveBean(ShutdownMeters.class));
	}

	@Test
	void preStopEndpointOnlyOnItsOwnManagementPort() {
		WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false",
					"management.endpoints.web.exposure.include=prestop",
					"management.endpoint.prestop.access=UNRESTRICTED");
		web.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
		web.withPropertyValues("management.server.port=0")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
		web.withPropertyValues("pid1.shutdown.pre-stop-on-main-port=true")
			.run((context) -> assertThat(context).hasSingleBean(PreStopEndpoint.class));
		web.withPropertyValues("management.server.port=0", "management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(PreStopEndpoint.class));
	}

	private void assertInvalid(String property, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(Rejection.single(context).property()).isEqualTo(property));
	}

}
