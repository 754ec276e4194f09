package dev.pid1.autoconfigure;

import java.time.Duration;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

import dev.pid1.connections.ConnectionDrain;
import dev.pid1.connections.JettyConnections;
import dev.pid1.connections.NettyConnections;
import dev.pid1.connections.NettyQuietClose;
import dev.pid1.connections.TomcatConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of the connection drain: each server's part only with its classes.
 *
 * @author pid1 authors
 */
class Pid1ConnectionsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(LifecycleAutoConfiguration.class,
			Pid1AutoConfiguration.class, Pid1ShutdownAutoConfiguration.class, Pid1ConnectionsAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("pid1.diagnostics.log-on-startup=false");

	@Test
	void everyServerOnTheClassPathGetsItsPart() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(ConnectionDrain.class)
			.hasSingleBean(TomcatConnections.class)
			.hasSingleBean(JettyConnections.class)
			.hasSingleBean(NettyConnections.class));
	}

	@Test
	void reactiveAppOnNettyGetsTheQuietClose() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false")
			.run((context) -> assertThat(context).hasSingleBean(NettyConnections.class)
				.hasSingleBean(NettyQuietClose.class));
	}

	@Test
	void missingServerClassesLeaveTheirPartsOutAndTheAppStarts() {
		this.servlet
			.withClassLoader(new FilteredClassLoader("org.apache.coyote.http2", "org.eclipse.jetty.http2",
					"io.netty.handler.codec.http2"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ConnectionDrain.class)
				.doesNotHaveBean(TomcatConnections.class)
				.doesNotHaveBean(JettyConnections.class)
				.doesNotHaveBean(NettyConnections.class));
	}

	@Test
	void offWithTheProperty() {
		this.servlet.withPropertyValues("pid1.connections.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionDrain.class)
				.doesNotHaveBean(TomcatConnections.class));
	}

	@Test
	void notInANonWebApp() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pid1.diagnostics.log-on-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConnectionDrain.class));
	}

	@Test
	void tomcatsHttp2ConnectionsServeTheStreamsThatCrossTheFirstGoAwayUntilTheFinalOne() {
		this.servlet.withPropertyValues("pid1.connections.final-go-away-delay=1500ms")
			.run((context) -> assertThat(drainTimeoutAfterCustomizing(context, Duration.ZERO))
				.isEqualTo(Duration.ofMillis(1500)));
	}

	@Test
	void aLongerTomcatDrainTimeoutIsKept() {
		this.servlet.run((context) -> assertThat(drainTimeoutAfterCustomizing(context, Duration.ofSeconds(5)))
			.isEqualTo(Duration.ofSeconds(5)));
	}

	@Test
	void tomcatsDrainTimeoutIsLeftAloneWithoutTheGoAway() {
		this.servlet.withPropertyValues("pid1.connections.go-away=false")
			.run((context) -> assertThat(drainTimeoutAfterCustomizing(context, Duration.ZERO)).isZero());
	}

	private static Duration drainTimeoutAfterCustomizing(AssertableWebApplicationContext context, Duration before) {
		Http2Protocol http2 = new Http2Protocol();
		http2.setDrainTimeout(before.toNanos());
		Connector connector = new Connector();
		connector.addUpgradeProtocol(http2);
		context.getBeanProvider(TomcatConnectorCustomizer.class)
			.orderedStream()
			.forEach((customizer) -> customizer.customize(connector));
		return Duration.ofNanos(http2.getDrainTimeout());
	}

	@Test
	void badDelayFailsStartupNamingTheProperty() {
		this.servlet.withPropertyValues("pid1.connections.final-go-away-delay=-1s")
			.run((context) -> assertThat(Rejection.single(context))
				.isEqualTo(new Rejection("pid1.connections.final-go-away-delay", "-1 s", "must be 0 s or more")));
	}

}
