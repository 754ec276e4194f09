package dev.pid1.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for what a user sees when a pid1 property is wrong: Spring Boot's startup failure
 * report, from a real {@link SpringApplication} with pid1's auto-configurations, names
 * the property, the value and what is accepted.
 *
 * @author pid1 authors
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void aValueOutOfItsRangeIsReportedWithThePropertyTheValueAndTheRange(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--pid1.reaper.grace=5ms"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pid1.reaper.grace")
			.contains("Value: \"5 ms\"")
			.contains("Reason: must be from 100 ms to 60 s")
			.contains("Update your application's configuration");
	}

	@Test
	void aRuleBetweenPropertiesIsReportedOnTheOneToChange(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--pid1.shutdown.grace-period=10"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: pid1.shutdown.drain-max")
			.contains("Value: \"20 s\"")
			.contains("Reason: must be less than the deadline (7 s), leaving time to close");
	}

	@Test
	void everyWrongValueIsReportedAtOnce(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--pid1.reaper.interval=0", "--pid1.shutdown.adaptive.gaps=1"));
		assertThat(output).contains("Property: pid1.reaper.interval")
			.contains("Reason: must be from 1 ms to 10 s")
			.contains("Property: pid1.shutdown.adaptive.gaps")
			.contains("Value: \"1\"")
			.contains("Reason: must be from 2 to 100");
	}

	private static void run(String... args) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] all = new String[args.length + 1];
		all[0] = "--pid1.diagnostics.log-on-startup=false";
		System.arraycopy(args, 0, all, 1, args.length);
		application.run(all).close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LifecycleAutoConfiguration.class, Pid1AutoConfiguration.class,
			Pid1ShutdownAutoConfiguration.class })
	static class App {

	}

}
