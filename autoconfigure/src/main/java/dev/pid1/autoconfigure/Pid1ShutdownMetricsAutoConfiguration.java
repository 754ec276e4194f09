package dev.pid1.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pid1.shutdown.ShutdownCoordinator;
import dev.pid1.shutdown.ShutdownMeters;

/**
 * Micrometer meters of the shutdown sequence.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = Pid1ShutdownAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ ShutdownCoordinator.class, MeterRegistry.class })
public final class Pid1ShutdownMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ShutdownMeters pid1ShutdownMeters(MeterRegistry registry) {
		return new ShutdownMeters(registry);
	}

}
