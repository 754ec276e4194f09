package dev.pid1.environment;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC app on Tomcat, with pid1, that decides where it runs from a
 * {@link HostFixture} laid out in {@code test.fixture} instead of this machine's
 * {@code /} and {@code /proc}: its own {@link EnvironmentDetector} bean replaces pid1's
 * (a test-only seam; everything else, the platform, the reaper, the shutdown, is real).
 * {@code /leftover} leaves a descendant behind.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Jetty is on the test class path too: this app runs on Tomcat.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration" })
@Import(FixtureApp.Hello.class)
public class FixtureApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(FixtureApp.class).web(WebApplicationType.SERVLET).run(args);
	}

	@Bean
	EnvironmentDetector fixtureEnvironmentDetector(@Value("${test.fixture}") Path fixture) {
		return HostFixture.detector(fixture, ProcessHandle.current().pid());
	}

	@RestController
	static class Hello {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		/**
		 * Leaves a descendant behind, as a script that backgrounds a job does: an orphan
		 * that a child subreaper adopts.
		 * @return its pid
		 */
		@GetMapping("/leftover")
		String leftover() throws IOException, InterruptedException {
			Process script = new ProcessBuilder("sh", "-c", "sleep 300 > /dev/null 2>&1 & echo $!")
				.redirectError(Redirect.INHERIT)
				.start();
			String pid = new String(script.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			script.waitFor();
			return pid;
		}

	}

}
