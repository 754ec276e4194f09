package dev.pid1.shutdown.apps;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The Spring MVC app of {@link ServletApp} on Jetty, for the tests that run as PID 1.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Tomcat is on the test class path too: this app runs on Jetty.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContextAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration" })
@Import({ ServletApp.Work.class, TestBeans.class })
public class JettyApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(JettyApp.class).web(WebApplicationType.SERVLET).run(args);
	}

}
