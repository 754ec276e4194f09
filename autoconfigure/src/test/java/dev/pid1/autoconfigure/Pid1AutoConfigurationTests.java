package dev.pid1.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.diagnosis.StartupDiagnosisLogger;
import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.platform.UnsupportedPlatform;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.platform.ProcessPlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
class Pid1AutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(Pid1AutoConfiguration.class));

	@AfterEach
	void awaitStartupLines() {
		// The startup line is written on a background thread: let it finish so that it is
		// not captured as the next test's output.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals("pid1-diagnosis")));
	}

	@Test
	void theShutdownBudgetFollowsTheDrainAndThePhaseTimeout() {
		this.runner.run((context) -> assertThat(context.getBean(ProcessDiagnostics.class).budget().total())
			.isEqualTo(Duration.ofSeconds(53)));
		this.runner.withPropertyValues("pid1.shutdown.drain-max=5s", "spring.lifecycle.timeout-per-shutdown-phase=10s")
			.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(ProcessDiagnostics.class).budget().arithmetic())
				.isEqualTo("drain up to 5 s + in-flight requests up to 10 s "
						+ "(spring.lifecycle.timeout-per-shutdown-phase) + margin 3 s = 18 s"));
		this.runner.withPropertyValues("pid1.shutdown.drain=never")
			.run((context) -> assertThat(context.getBean(ProcessDiagnostics.class).budget().total())
				.isEqualTo(Duration.ofSeconds(33)));
	}

	@Test
	void providesPlatformDiagnosticsAndStartupLine() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PlatformLoader.class)
				.hasSingleBean(ProcessDiagnostics.class)
				.hasSingleBean(StartupDiagnosisLogger.class)
				.hasSingleBean(Pid1Properties.class);
			ProcessPlatform platform = context.getBean(PlatformLoader.class).get(Duration.ofSeconds(20));
			assertThat(platform.pid()).isEqualTo(ProcessHandle.current().pid());
		});
	}

	@Test
	void oneSetOfEnvironmentFactsThatTheDiagnosisReads() {
		this.runner.withPropertyValues("spring.main.cloud-platform=kubernetes", "pid1.diagnostics.log-on-startup=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(EnvironmentDetector.class);
				EnvironmentFacts facts = context.getBean(EnvironmentDetector.class).facts();
				assertThat(facts.kubernetes()).isTrue();
				assertThat(facts.pid()).isEqualTo(ProcessHandle.current().pid());
				assertThat(context.getBean(ProcessDiagnostics.class).diagnose(false).environment()).isSameAs(facts);
			});
	}

	@Test
	void loadsNothingNativeBeforeTheApplicationIsReady() {
		this.runner.run((context) -> {
			PlatformLoader loader = context.getBean(PlatformLoader.class);
			assertThat(loader.isStarted()).isFalse();
			ready(context);
			assertThat(loader.isStarted()).isTrue();
			await().atMost(Duration.ofSeconds(20)).until(() -> loader.platform().isDone());
		});
	}

	@Test
	void logsExactlyOneLineAtStartup(CapturedOutput output) {
		this.runner.run((context) -> {
			ready(context);
			await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("pid1: "));
		});
		awaitStartupLines();
		assertThat(output.getOut().lines().filter((line) -> line.contains("pid1: "))).hasSize(1);
	}

	@Test
	void disabledInstallsNothing() {
		this.runner.withPropertyValues("pid1.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PlatformLoader.class)
				.doesNotHaveBean(ProcessDiagnostics.class)
				.doesNotHaveBean(StartupDiagnosisLogger.class));
	}

	@Test
	void startupLineCanBeSwitchedOff() {
		this.runner.withPropertyValues("pid1.diagnostics.log-on-startup=false")
			.run((context) -> assertThat(context).hasSingleBean(ProcessDiagnostics.class)
				.doesNotHaveBean(StartupDiagnosisLogger.class));
	}

	@Test
	void withoutJnaIsInertAndSaysSoInOneLine(CapturedOutput output) {
		assumeTrue(System.getProperty("os.name").toLowerCase().startsWith("linux"), "off Linux the OS comes first");
		this.runner.withClassLoader(new FilteredClassLoader("com.sun.jna", "dev.pid1.platform.ffm")).run((context) -> {
			ready(context);
			ProcessPlatform platform = context.getBean(PlatformLoader.class).get(Duration.ofSeconds(5));
			assertThat(platform).isInstanceOf(UnsupportedPlatform.class);
			assertThat(platform.support().reason()).startsWith("JNA is not on the classpath");
			await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("pid1: inert (JNA"));
		});
		awaitStartupLines();
		assertThat(output.getOut().lines().filter((line) -> line.contains("pid1: "))).singleElement()
			.asString()
			.contains("pid1: inert (JNA is not on the classpath");
	}

	@Test
	void offLinuxIsInertAndLoadsNoNativeCode(CapturedOutput output) {
		this.runner.withSystemProperties("os.name=Mac OS X").run((context) -> {
			PlatformLoader loader = context.getBean(PlatformLoader.class);
			assertThat(loader.unsupportedReason()).isEqualTo("not running on Linux (Mac OS X)");
			ready(context);
			assertThat(loader.platform().getNow(null)).isInstanceOf(UnsupportedPlatform.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("pid1: inert (not running"));
		});
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.doesNotContain("pid1-platform-loader");
	}

	@Test
	void anUnknownShowValuesFailsStartupNamingThePropertyAndTheAcceptedValues(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
				.properties("pid1.diagnostics.show-values=sometimes", "spring.main.banner-mode=off")
				.run())
			.havingRootCause()
			.withMessageContaining("sometimes");
		assertThat(output).contains("pid1.diagnostics.show-values")
			.contains("sometimes")
			.contains("NEVER")
			.contains("WHEN_AUTHORIZED")
			.contains("ALWAYS");
	}

	private static void ready(ConfigurableApplicationContext context) {
		context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
