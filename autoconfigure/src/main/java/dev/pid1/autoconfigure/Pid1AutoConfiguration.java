package dev.pid1.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.diagnosis.ShowValues;
import dev.pid1.diagnosis.StartupDiagnosisLogger;
import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.PlatformLoader;
import dev.pid1.reaping.ReaperMode;

/**
 * Auto-configuration for pid1: the platform, the facts about where this JVM runs, and the
 * diagnosis of PID 1 and of the signal path.
 *
 * @author pid1 authors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "pid1.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Pid1Properties.class)
public final class Pid1AutoConfiguration {

	private static final Duration PLATFORM_LOAD_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnMissingBean
	PlatformLoader pid1PlatformLoader(ApplicationContext context, Pid1Properties properties) {
		// getClassLoader() may be null; the loader that loaded pid1 sees JNA beside it.
		ClassLoader classLoader = context.getClassLoader();
		return new PlatformLoader((classLoader != null) ? classLoader : Pid1AutoConfiguration.class.getClassLoader(),
				properties.getNative().getBackend());
	}

	@Bean
	@ConditionalOnMissingBean
	EnvironmentDetector pid1EnvironmentDetector(Environment environment) {
		return new EnvironmentDetector(CloudPlatform.KUBERNETES.isActive(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessDiagnostics pid1ProcessDiagnostics(PlatformLoader loader, EnvironmentDetector environment,
			Pid1Properties properties, ObjectProvider<LifecycleProperties> lifecycle, ApplicationContext context) {
		return new ProcessDiagnostics(() -> loader.get(PLATFORM_LOAD_TIMEOUT), environment::facts,
				Pid1Settings.shutdownBudget(properties,
						lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase(),
						Pid1Settings.grpcGracePeriod(context)),
				properties.getReaper().getMode() != ReaperMode.OFF);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "pid1.diagnostics.log-on-startup", matchIfMissing = true)
	StartupDiagnosisLogger pid1StartupDiagnosisLogger(PlatformLoader loader, ProcessDiagnostics diagnostics,
			Pid1Properties properties, ApplicationContext context) {
		return new StartupDiagnosisLogger(loader, diagnostics,
				properties.getDiagnostics().getShowValues() == ShowValues.ALWAYS,
				() -> PreStopEndpointCheck.of(context));
	}

}
