package dev.pid1.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperMeterBinder;
import dev.pid1.reaping.ZombieReaper;

/**
 * Micrometer meters {@code pid1.reaper.*}, when Micrometer is on the classpath.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = Pid1ReaperAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ZombieReaper.class)
public final class Pid1ReaperMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReaperMeterBinder pid1ReaperMeterBinder(ZombieReaper reaper, ObjectProvider<DescendantTerminator> terminator) {
		return new ReaperMeterBinder(reaper, terminator.getIfAvailable());
	}

}
