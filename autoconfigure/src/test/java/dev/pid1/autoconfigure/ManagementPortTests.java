package dev.pid1.autoconfigure;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import dev.pid1.actuate.PreStopEndpoint;
import dev.pid1.autoconfigure.ManagementPort.Type;
import dev.pid1.shutdown.DrainServletFilter;
import dev.pid1.shutdown.DrainWebFilter;
import dev.pid1.shutdown.ShutdownCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import reactor.core.publisher.Mono;

/**
 * The one management-port rule ({@link ManagementPort}), through what follows it: whether
 * the preStop endpoint is served, the path it is reached at, and which requests on the
 * main port the drain filters leave out as probes.
 *
 * @author pid1 authors
 */
class ManagementPortTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(LifecycleAutoConfiguration.class,
			Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class,
			Pid1PreStopEndpointAutoConfiguration.class);

	/** A coordinator that is draining: every counted request closes its connection. */
	private final ShutdownCoordinator draining = draining();

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withBean("pid1ShutdownCoordinator", ShutdownCoordinator.class, () -> this.draining)
		// Granted, so that the ports alone decide where the preStop endpoint is served.
		.withPropertyValues("pid1.diagnostics.log-on-startup=false", "management.endpoints.web.exposure.include=*",
				"management.endpoint.prestop.access=UNRESTRICTED");

	@Test
	void noManagementPortMeansTheMainPort() {
		this.servlet.run((context) -> {
			ManagementPort port = ManagementPort.of(context.getEnvironment());
			assertThat(port.type()).isEqualTo(Type.SAME);
			assertThat(context).doesNotHaveBean(PreStopEndpoint.class);
			assertThat(port.endpointPath("prestop", "")).isEqualTo("/actuator/prestop");
			assertThat(counted(context, "", "/actuator/health/readiness")).as("a probe").isFalse();
			assertThat(counted(context, "", "/actuator")).as("the links").isFalse();
			assertThat(counted(context, "", "/orders")).isTrue();
			assertThat(counted(context, "", "/actuators")).as("only whole segments").isTrue();
		});
	}

	@Test
	void theSamePortAsServerPortIsTheMainPort() {
		this.servlet.withPropertyValues("server.port=8181", "management.server.port=8181").run((context) -> {
			assertThat(ManagementPort.of(context.getEnvironment()).type()).isEqualTo(Type.SAME);
			assertThat(context).doesNotHaveBean(PreStopEndpoint.class);
			assertThat(counted(context, "", "/actuator/health/readiness")).as("a probe on the main port").isFalse();
		});
	}

	@Test
	void aDifferentPortIsThePortOfItsOwn() {
		this.servlet.withPropertyValues("server.port=8181", "management.server.port=8182").run((context) -> {
			ManagementPort port = ManagementPort.of(context.getEnvironment());
			assertThat(port.type()).isEqualTo(Type.DIFFERENT);
			assertThat(context).hasSingleBean(PreStopEndpoint.class);
			assertThat(port.endpointPath("prestop", "/app")).as("the main context path is not the management one")
				.isEqualTo("/actuator/prestop");
			assertThat(counted(context, "", "/actuator/health")).as("nothing of the actuator on the main port")
				.isTrue();
		});
		this.servlet
			.withPropertyValues("management.server.port=8182", "management.server.base-path=/manage/",
					"management.endpoints.web.path-mapping.prestop=drain")
			.run((context) -> assertThat(ManagementPort.of(context.getEnvironment()).endpointPath("prestop", ""))
				.isEqualTo("/manage/actuator/drain"));
	}

	@Test
	void minusOneDisablesTheManagementServer() {
		this.servlet.withPropertyValues("management.server.port=-1").run((context) -> {
			ManagementPort port = ManagementPort.of(context.getEnvironment());
			assertThat(port.type()).isEqualTo(Type.DISABLED);
			assertThat(context).doesNotHaveBean(PreStopEndpoint.class);
			assertThat(port.endpointPath("prestop", "")).isNull();
			assertThat(counted(context, "", "/actuator/health")).isTrue();
		});
	}

	@Test
	void theMainContextPathComesBeforeTheActuatorOnTheMainPort() {
		this.servlet.withPropertyValues("server.servlet.context-path=/app", "pid1.shutdown.pre-stop-on-main-port=true")
			.run((context) -> {
				ManagementPort port = ManagementPort.of(context.getEnvironment());
				assertThat(context).hasSingleBean(PreStopEndpoint.class);
				assertThat(port.endpointPath("prestop",
						context.getEnvironment().getProperty("server.servlet.context-path")))
					.isEqualTo("/app/actuator/prestop");
				assertThat(counted(context, "/app", "/app/actuator/health/readiness")).as("a probe").isFalse();
				assertThat(counted(context, "/app", "/app/orders")).isTrue();
			});
	}

	@Test
	void theReactiveFilterLooksWithinTheApplicationToo() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withBean("pid1ShutdownCoordinator", ShutdownCoordinator.class, () -> this.draining)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false", "spring.webflux.base-path=/app")
			.run((context) -> {
				assertThat(counted(context, "/app", "/app/actuator/health/liveness")).as("a probe").isFalse();
				assertThat(counted(context, "/app", "/app/orders")).isTrue();
				assertThat(counted(context, "", "/actuator/health")).isFalse();
			});
	}

	/** Whether the servlet filter counted the request as traffic during the drain. */
	private static boolean counted(AssertableWebApplicationContext context, String contextPath, String uri)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		MockHttpServletResponse response = new MockHttpServletResponse();
		Filter filter = context.getBean(DrainServletFilter.class);
		filter.doFilter(request, response, new MockFilterChain());
		return "close".equals(response.getHeader("Connection"));
	}

	/** Whether the reactive filter counted the request as traffic during the drain. */
	private static boolean counted(AssertableReactiveWebApplicationContext context, String contextPath, String uri) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get(uri).contextPath(contextPath));
		WebFilterChain chain = (served) -> Mono.empty();
		context.getBean(DrainWebFilter.class).filter(exchange, chain).block();
		return "close".equals(exchange.getResponse().getHeaders().getFirst("Connection"));
	}

	private static ShutdownCoordinator draining() {
		ShutdownCoordinator coordinator = mock(ShutdownCoordinator.class);
		given(coordinator.onRequest()).willReturn(true);
		return coordinator;
	}

}
