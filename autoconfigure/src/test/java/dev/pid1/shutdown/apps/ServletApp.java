package dev.pid1.shutdown.apps;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal Spring MVC app on Tomcat that the shutdown tests run as PID 1.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Jetty is on the test class path too (JettyApp): this app runs on Tomcat.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration" })
@Import({ ServletApp.Work.class, TestBeans.class })
public class ServletApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(ServletApp.class).web(WebApplicationType.SERVLET).run(args);
	}

	@RestController
	static class Work {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/work")
		String work(@RequestParam(defaultValue = "1000") long millis) throws InterruptedException {
			Thread.sleep(millis);
			return "worked " + millis;
		}

	}

}
