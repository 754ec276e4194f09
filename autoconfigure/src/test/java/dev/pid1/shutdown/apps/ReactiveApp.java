package dev.pid1.shutdown.apps;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal WebFlux app on Reactor Netty that the shutdown tests run as PID 1.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Tomcat and Jetty are on the test class path too: this app runs on Reactor Netty.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration" })
@Import({ ReactiveApp.Work.class, TestBeans.class })
public class ReactiveApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(ReactiveApp.class).web(WebApplicationType.REACTIVE).run(args);
	}

	@RestController
	static class Work {

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/work")
		Mono<String> work(@RequestParam(defaultValue = "1000") long millis) {
			return Mono.delay(Duration.ofMillis(millis)).map((tick) -> "worked " + millis);
		}

	}

}
