package dev.pid1.autoconfigure;

import java.util.List;

import io.netty.handler.codec.http2.Http2ConnectionHandler;
import org.apache.coyote.http2.Http2Protocol;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.ChannelOperations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import dev.pid1.connections.ConnectionDrain;
import dev.pid1.connections.ConnectionDrainSettings;
import dev.pid1.connections.JettyConnections;
import dev.pid1.connections.NettyConnections;
import dev.pid1.connections.NettyQuietClose;
import dev.pid1.connections.ServerConnections;
import dev.pid1.connections.TomcatConnections;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration of the connection drain: GOAWAY on HTTP/2 connections and a close of
 * idle HTTP/1.x keep-alive connections when pid1's drain begins, for Tomcat, Jetty and
 * Reactor Netty, each only when its classes are present.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = Pid1ShutdownAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pid1.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pid1.shutdown.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pid1.connections.enabled", matchIfMissing = true)
@ConditionalOnWebApplication
@ConditionalOnClass(WebServerApplicationContext.class)
@ConditionalOnBean(ShutdownCoordinator.class)
@EnableConfigurationProperties(Pid1ConnectionsProperties.class)
public final class Pid1ConnectionsAutoConfiguration {

	@Bean
	ConnectionDrain pid1ConnectionDrain(Pid1ConnectionsProperties properties,
			ObjectProvider<ServerConnections<?>> servers) {
		return new ConnectionDrain(() -> servers.orderedStream().toList(), Pid1Settings.connections(properties),
				System::nanoTime);
	}

	static <T extends WebServer> @Nullable T webServer(ApplicationContext context, Class<T> type) {
		if (context instanceof WebServerApplicationContext webContext && type.isInstance(webContext.getWebServer())) {
			return type.cast(webContext.getWebServer());
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatWebServer.class, Http2Protocol.class })
	static class TomcatConnectionsConfiguration {

		@Bean
		TomcatConnections pid1TomcatConnections(ApplicationContext context) {
			return new TomcatConnections(() -> {
				TomcatWebServer server = webServer(context, TomcatWebServer.class);
				return (server != null) ? server.getTomcat() : null;
			});
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		TomcatConnectorCustomizer pid1TomcatHttp2DrainTimeout(Pid1ConnectionsProperties properties) {
			ConnectionDrainSettings settings = Pid1Settings.connections(properties);
			return (connector) -> TomcatConnections.serveStreamsUntilTheFinalGoAway(connector, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JettyWebServer.class, HTTP2Connection.class })
	static class JettyConnectionsConfiguration {

		@Bean
		JettyConnections pid1JettyConnections(ApplicationContext context) {
			return new JettyConnections(() -> {
				JettyWebServer server = webServer(context, JettyWebServer.class);
				return (server != null) ? server.getServer() : null;
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyServerCustomizer.class, Http2ConnectionHandler.class, ChannelOperations.class })
	static class NettyConnectionsConfiguration {

		@Bean
		NettyConnections pid1NettyConnections() {
			return new NettyConnections();
		}

		@Bean
		NettyServerCustomizer pid1NettyConnectionsCustomizer(NettyConnections connections) {
			return connections::register;
		}

		@Bean
		@ConditionalOnClass(ReactorResourceFactory.class)
		NettyQuietClose pid1NettyQuietClose(ObjectProvider<ReactorResourceFactory> resources,
				NettyConnections connections, Environment environment) {
			boolean quietPeriodSet = environment.containsProperty("spring.netty.shutdown-quiet-period");
			return new NettyQuietClose(quietPeriodSet ? () -> null : resources::getIfAvailable, connections);
		}

	}

}
