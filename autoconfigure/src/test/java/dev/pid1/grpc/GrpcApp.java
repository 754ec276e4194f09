package dev.pid1.grpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.DefaultGrpcServiceDiscoverer;

/**
 * A gRPC server app that the tests run as PID 1: gRPC alone with
 * {@code --spring.main.web-application-type=none}. This class path has Spring Boot 4.0,
 * whose core Spring Boot 4.1's gRPC auto-configuration does not run on: the beans are
 * those it declares (NettyGrpcServerConfiguration, GrpcServerHealthAutoConfiguration),
 * from spring-grpc-core, with the global interceptors applied by Spring gRPC's own
 * service configurer.
 *
 * @author pid1 authors
 */
@SpringBootConfiguration
// Jetty is on the test class path too: a web app here runs on Tomcat.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyServletManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.metrics.JettyMetricsAutoConfiguration" })
public class GrpcApp {

	public static void main(String[] args) {
		new SpringApplicationBuilder(GrpcApp.class).run(args);
	}

	@Bean
	EchoService echoService() {
		return new EchoService();
	}

	@Bean(destroyMethod = "enterTerminalState")
	HealthStatusManager grpcServerHealthStatusManager() {
		return new HealthStatusManager();
	}

	@Bean
	BindableService grpcServerHealthService(HealthStatusManager manager) {
		return manager.getHealthService();
	}

	@Bean
	NettyGrpcServerFactory nettyGrpcServerFactory(ApplicationContext context,
			@Value("${spring.grpc.server.address:127.0.0.1}") String address,
			@Value("${spring.grpc.server.port:9090}") int port) {
		NettyGrpcServerFactory factory = new NettyGrpcServerFactory(address + ":" + port, List.of(), null, null, null);
		DefaultGrpcServiceConfigurer configurer = new DefaultGrpcServiceConfigurer(context);
		configurer.afterPropertiesSet();
		new DefaultGrpcServiceDiscoverer(context).findServices()
			.stream()
			.map((spec) -> configurer.configure(spec, factory))
			.forEach(factory::addService);
		return factory;
	}

	@Bean
	GrpcServerLifecycle nettyGrpcServerLifecycle(NettyGrpcServerFactory factory, ApplicationContext context,
			@Value("${spring.grpc.server.shutdown.grace-period:30s}") Duration gracePeriod) {
		return new GrpcServerLifecycle(factory, gracePeriod, context);
	}

	/**
	 * What Spring Boot's scheduled health updates do, every 500 ms instead of 5 s: they
	 * would turn the health back to {@code SERVING} during the drain if pid1 let them.
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
