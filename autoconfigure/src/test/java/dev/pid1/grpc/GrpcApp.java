package dev.pid1.grpc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4.1 gRPC server app (Spring Boot's own gRPC auto-configuration, Netty)
 * that the tests run as PID 1: gRPC alone with
 * {@code --spring.main.web-application-type=none}, beside Tomcat otherwise.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Jetty is on the test class path too: a web app here runs on Tomcat.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration",
		// The gRPC health's scheduled updates from the health contributors need Spring
		// Boot 4.1's task scheduling and health auto-configuration, and this class path
		// has 4.0's: healthUpdates() does what they do, ten times as often.
		"org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthSchedulerAutoConfiguration",
		"org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration" })
public class GrpcApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(GrpcApp.class).run(args);
	}

	@Bean
	EchoService echoService() {
		return new EchoService();
	}

	/**
	 * Spring Boot's scheduled health updates, every 500 ms instead of 5 s: they would
	 * turn the health back to {@code SERVING} during the drain if pid1 let them.
	 * @param health Spring Boot's gRPC server health
	 * @param manager the health service's statuses
	 * @return the listener that starts them
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> healthUpdates(ObjectProvider<HealthStatusManager> manager) {
		return (event) -> {
			ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "test-grpc-health-updates");
				thread.setDaemon(true);
				return thread;
			});
			updates.scheduleAtFixedRate(() -> manager.ifAvailable((m) -> {
				m.setStatus("", ServingStatus.SERVING);
				m.setStatus(EchoService.SERVICE, ServingStatus.SERVING);
			}), 0, 500, TimeUnit.MILLISECONDS);
		};
	}

}
