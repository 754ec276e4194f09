package dev.pid1.shutdown.apps;

import jakarta.annotation.PreDestroy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Misbehaving beans the tests switch on: a {@code @PreDestroy} that hangs, a slow
 * startup.
 *
 * @author pid1 authors
 */
@Configuration(proxyBeanMethods = false)
class TestBeans {

	@Bean
	@ConditionalOnBooleanProperty("test.hang-on-destroy")
	HangsOnDestroy hangsOnDestroy() {
		return new HangsOnDestroy();
	}

	@Bean
	@ConditionalOnProperty("test.startup-delay")
	SlowStartup slowStartup(Environment environment) throws InterruptedException {
		System.out.println("TEST: slow startup begins");
		Thread.sleep(environment.getRequiredProperty("test.startup-delay", Long.class));
		return new SlowStartup();
	}

	static class HangsOnDestroy {

		@PreDestroy
		void hang() throws InterruptedException {
			System.out.println("TEST: @PreDestroy hangs");
			Thread.sleep(Long.MAX_VALUE);
		}

	}

	static class SlowStartup {

	}

}
