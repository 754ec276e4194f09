package dev.pid1.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preStop endpoint in a real web application on Tomcat, with every endpoint exposed
 * on a management port of its own: a GET finds nothing and changes nothing until the
 * application grants the endpoint unrestricted access. Granted, it is listed among the
 * actuator's links, but not called: a call would arm pid1's hard deadline in this JVM
 * ({@code ShutdownSequenceTests} and {@code KubernetesPodContainerTests} call it in an
 * app of their own).
 *
 * @author pid1 authors
 */
class PreStopEndpointWebTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aGetFindsNothingAndLeavesThePodReadyUntilAccessIsGranted() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			HttpResponse<String> preStop = get(app, "/actuator/prestop");
			assertThat(preStop.statusCode()).as("GET /actuator/prestop: %s", preStop.body()).isEqualTo(404);
			assertThat(get(app, "/actuator/health/readiness").statusCode()).as("still ready").isEqualTo(200);
			assertThat(get(app, "/actuator").body()).contains("/actuator/pid1").doesNotContain("prestop");
		}
	}

	@Test
	void grantedItIsServed() throws Exception {
		try (ConfigurableApplicationContext app = start("--management.endpoint.prestop.access=unrestricted")) {
			assertThat(get(app, "/actuator").body()).contains("/actuator/prestop");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] common = { "--server.port=0", "--management.server.port=0", "--server.address=127.0.0.1",
				"--management.server.address=127.0.0.1", "--management.endpoints.web.exposure.include=*",
				"--management.endpoint.health.probes.enabled=true", "--spring.main.banner-mode=off",
				"--pid1.diagnostics.log-on-startup=false", "--pid1.shutdown.drain=never" };
		String[] all = new String[common.length + args.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(args, 0, all, common.length, args.length);
		return new SpringApplicationBuilder(WebApp.class).web(WebApplicationType.SERVLET).run(all);
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext app, String path)
			throws IOException, InterruptedException {
		int port = app.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	// Jetty is on the test class path too: this app runs on Tomcat.
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
			"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
			"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration" })
	static class WebApp {

	}

}
