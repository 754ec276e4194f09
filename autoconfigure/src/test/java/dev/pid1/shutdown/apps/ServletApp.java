package dev.pid1.shutdown.apps;

import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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

	/**
	 * What the sample app sets behind a proxy with HTTP/2 upstreams
	 * ({@code Http2UpstreamConfiguration}), on when {@code test.http2-behind-proxy=true}.
	 * @param behindProxy whether to set it
	 * @return the customizer
	 */
	@Bean
	TomcatConnectorCustomizer http2BehindProxy(@Value("${test.http2-behind-proxy:false}") boolean behindProxy) {
		return (connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (behindProxy && protocol instanceof Http2Protocol http2) {
					http2.setOverheadWindowUpdateThreshold(0);
				}
			}
		};
	}

	/**
	 * Sets Tomcat's HTTP/2 {@code drainTimeout} after pid1 has (the negative control of
	 * the streams that cross the first GOAWAY), when
	 * {@code test.tomcat.http2-drain-timeout} is set.
	 * @param drainTimeout the drain timeout, or empty to leave it
	 * @return the customizer
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	TomcatConnectorCustomizer http2DrainTimeout(@Value("${test.tomcat.http2-drain-timeout:}") String drainTimeout) {
		return (connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (!drainTimeout.isEmpty() && protocol instanceof Http2Protocol http2) {
					http2.setDrainTimeout(DurationStyle.detectAndParse(drainTimeout).toNanos());
				}
			}
		};
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
