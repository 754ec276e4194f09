package dev.pid1.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pid1.actuate.Pid1Descriptor;
import dev.pid1.actuate.Pid1Endpoint;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperDecision;
import dev.pid1.reaping.ReaperLifecycle;
import dev.pid1.reaping.ReaperMeterBinder;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.reaping.ReaperSettings;
import dev.pid1.reaping.SubreaperPolicy;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.PostCloseAction;
import dev.pid1.shutdown.ShutdownCoordinator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Pid1ReaperAutoConfiguration} and
 * {@link Pid1ReaperMetricsAutoConfiguration}. The test JVM is not PID 1 and is told never
 * to become a subreaper, so the reaper decides not to run.
 *
 * @author pid1 authors
 */
class Pid1ReaperAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(Pid1AutoConfiguration.class, Pid1ReaperAutoConfiguration.class,
				Pid1ReaperMetricsAutoConfiguration.class, Pid1EndpointAutoConfiguration.class))
		.withPropertyValues("pid1.subreaper=never", "pid1.diagnostics.log-on-startup=false",
				"management.endpoints.web.exposure.include=pid1");

	@Test
	void reaperTerminatorAndLifecycleWithTheDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ZombieReaper.class)
				.hasSingleBean(DescendantTerminator.class)
				.hasSingleBean(ReaperLifecycle.class)
				.hasSingleBean(ReaperMeterBinder.class);
			assertThat(context.getBean(DescendantTerminator.class).grace()).isEqualTo(Duration.ofSeconds(3));
			ZombieReaper reaper = context.getBean(ZombieReaper.class);
			awaitDecided(context);
			assertThat(reaper.isActive()).isFalse();
			assertThat(reaper.describe()).contains("neither PID 1 nor a child subreaper (pid1.subreaper=never)");
		});
	}

	@Test
	void propertiesReachTheReaper() {
		this.runner
			.withPropertyValues("pid1.reaper.mode=safe", "pid1.reaper.grace=250ms", "pid1.reaper.interval=20ms",
					"pid1.children.grace=10s")
			.run((context) -> {
				ReaperSettings settings = context.getBean(ZombieReaper.class).settings();
				assertThat(settings).isEqualTo(new ReaperSettings(ReaperMode.SAFE, Duration.ofMillis(250),
						Duration.ofMillis(20), SubreaperPolicy.NEVER));
				assertThat(context.getBean(DescendantTerminator.class).grace()).isEqualTo(Duration.ofSeconds(10));
			});
	}

	@Test
	void subreaperPolicyBinds() {
		this.runner.withPropertyValues("pid1.subreaper=always", "pid1.reaper.mode=off")
			.run((context) -> assertThat(context.getBean(Pid1Properties.class).getSubreaper())
				.isEqualTo(SubreaperPolicy.ALWAYS));
	}

	@Test
	void endpointHasAReaperSection() {
		this.runner.run((context) -> {
			awaitDecided(context);
			Pid1Descriptor descriptor = context.getBean(Pid1Endpoint.class).pid1(SecurityContext.NONE);
			assertThat(descriptor.reaper()).isNotNull();
			assertThat(descriptor.reaper().active()).isFalse();
			assertThat(descriptor.reaper().detail()).contains("not reaping");
			assertThat(descriptor.reaper().children().killed()).isZero();
		});
	}

	/**
	 * {@code pid1.reaper.mode=off} is read when the app runs, not by a condition, which a
	 * Spring AOT build would evaluate once on the build host: the beans are there (as in
	 * an app processed with another mode) and stay idle.
	 */
	@Test
	void offIsDecidedWhenTheAppRunsNotByACondition() {
		this.runner.withPropertyValues("pid1.reaper.mode=off").run((context) -> {
			assertThat(context).hasSingleBean(ZombieReaper.class).hasSingleBean(ReaperLifecycle.class);
			ZombieReaper reaper = context.getBean(ZombieReaper.class);
			context.getBean(ReaperLifecycle.class)
				.onApplicationEvent(
						new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
			assertThat(reaper.decision()).isInstanceOf(ReaperDecision.Off.class);
			assertThat(reaper.isActive()).isFalse();
			assertThat(context.getBean(Pid1Endpoint.class).pid1(SecurityContext.NONE).reaper()).isNull();
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ReaperMeterBinder.class).bindTo(registry);
			assertThat(registry.getMeters()).as("no pid1.reaper meters when off").isEmpty();
		});
	}

	@Test
	void pid1DisabledMeansNoReaper() {
		this.runner.withPropertyValues("pid1.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ZombieReaper.class));
	}

	@Test
	void childrenTerminateOffKeepsTheTerminatorForCallersButDoesNotHookIt() {
		this.runner.withPropertyValues("pid1.children.terminate=false")
			.run((context) -> assertThat(context).hasSingleBean(DescendantTerminator.class)
				.hasSingleBean(ReaperLifecycle.class));
	}

	@Test
	void withPid1ShutdownDescendantsAreStoppedAsItsPostCloseAction() {
		this.runner.withConfiguration(AutoConfigurations.of(Pid1ShutdownAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ShutdownCoordinator.class)
				.hasSingleBean(TerminateDescendantsAction.class)
				.getBeans(PostCloseAction.class)
				.containsValue(context.getBean(TerminateDescendantsAction.class)));
	}

	@Test
	void withoutPid1ShutdownNoPostCloseAction() {
		this.runner.withConfiguration(AutoConfigurations.of(Pid1ShutdownAutoConfiguration.class))
			.withPropertyValues("pid1.shutdown.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ShutdownCoordinator.class)
				.doesNotHaveBean(TerminateDescendantsAction.class)
				.hasSingleBean(ReaperLifecycle.class));
	}

	@Test
	void childrenTerminateOffMeansNoPostCloseAction() {
		this.runner.withConfiguration(AutoConfigurations.of(Pid1ShutdownAutoConfiguration.class))
			.withPropertyValues("pid1.children.terminate=false")
			.run((context) -> assertThat(context).hasSingleBean(ShutdownCoordinator.class)
				.doesNotHaveBean(TerminateDescendantsAction.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(ZombieReaper.class)
				.doesNotHaveBean(ReaperMeterBinder.class));
	}

	@Test
	void metersAreBound() {
		this.runner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ReaperMeterBinder.class).bindTo(registry);
			assertThat(registry.getMeters()).extracting((meter) -> meter.getId().getName())
				.contains("pid1.reaper.reaped", "pid1.reaper.zombies", "pid1.reaper.zombies.peak", "pid1.reaper.active",
						"pid1.reaper.children.terminated", "pid1.reaper.children.killed");
			assertThat(registry.get("pid1.reaper.reaped").functionCounter().count()).isZero();
		});
	}

	@ParameterizedTest
	@CsvSource({ "pid1.reaper.grace, 0s, 0 s, 100 ms to 60 s", "pid1.reaper.grace, -1s, -1 s, 100 ms to 60 s",
			"pid1.reaper.grace, 2h, 7200 s, 100 ms to 60 s", "pid1.reaper.grace, 50ms, 50 ms, 100 ms to 60 s",
			"pid1.reaper.interval, 0ms, 0 s, 1 ms to 10 s", "pid1.reaper.interval, -5ms, -5 ms, 1 ms to 10 s",
			"pid1.reaper.interval, 1m, 60 s, 1 ms to 10 s", "pid1.children.grace, 0s, 0 s, 100 ms to 300 s",
			"pid1.children.grace, -3s, -3 s, 100 ms to 300 s", "pid1.children.grace, 1h, 3600 s, 100 ms to 300 s" })
	void badTimingFailsStartupNamingPropertyValueAndRange(String property, String value, String shown, String range) {
		this.runner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(Rejection.single(context))
				.isEqualTo(new Rejection(property, shown, "must be from " + range)));
	}

	@Test
	void startsNothingBeforeTheApplicationIsReady() {
		this.runner.run((context) -> {
			assertThat(context.getBean(PlatformLoader.class).isStarted()).isFalse();
			assertThat(context.getBean(ZombieReaper.class).describe()).contains("not started yet");
		});
	}

	private static void awaitDecided(ConfigurableApplicationContext context) throws InterruptedException {
		context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		ZombieReaper reaper = context.getBean(ZombieReaper.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (reaper.describe().contains("not started yet") && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

}
