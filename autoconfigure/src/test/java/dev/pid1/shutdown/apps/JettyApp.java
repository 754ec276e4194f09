package dev.pid1.shutdown.apps;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.pid1.shutdown.ShutdownObserver;

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

	/**
	 * Shuts down every HTTP/2 session with Jetty's own {@code Session.shutdown()} 1.2 s
	 * after the drain begins, as pid1's final GOAWAY once did (the negative control of
	 * the requests longer than the drain), when
	 * {@code test.jetty.shut-down-sessions=true}.
	 * @param context the context
	 * @return the observer
	 */
	@Bean
	@ConditionalOnBooleanProperty("test.jetty.shut-down-sessions")
	ShutdownObserver shutDownJettySessions(ServletWebServerApplicationContext context) {
		return new ShutdownObserver() {

			@Override
			public void drainStarted() {
				Thread thread = new Thread(() -> {
					sleep(1200);
					JettyWebServer webServer = (JettyWebServer) context.getWebServer();
					for (Connector connector : webServer.getServer().getConnectors()) {
						for (EndPoint endPoint : connector.getConnectedEndPoints()) {
							Connection connection = endPoint.getConnection();
							if (connection instanceof SslConnection ssl) {
								connection = ssl.getSslEndPoint().getConnection();
							}
							if (connection instanceof HTTP2Connection http2) {
								System.out.println("TEST: Jetty's shutdown() of " + http2.getSession());
								http2.getSession().shutdown();
							}
						}
					}
				}, "test-jetty-session-shutdown");
				thread.setDaemon(true);
				thread.start();
			}

		};
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
