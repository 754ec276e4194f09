package dev.pid1.shutdown;

import java.util.OptionalInt;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import dev.pid1.platform.SocketBacklog;

/**
 * What pid1 needs to know about the web servers: whether there is one (the condition for
 * a drain), and the connections waiting in the kernel for the main one.
 *
 * @author pid1 authors
 */
public final class WebServers {

	private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

	private WebServers() {
	}

	/**
	 * Whether the context runs a web server.
	 * @param context the context
	 * @return whether it has one
	 */
	public static boolean running(ApplicationContext context) {
		// pid1's own class loader, not the context's: that one falls back to the calling
		// thread's context class loader, which on a thread the JVM creates is not the
		// executable jar's.
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, WebServers.class.getClassLoader())) {
			return false;
		}
		return Inner.running(context);
	}

	/**
	 * The connections to the main web server's port (not a management server's) that wait
	 * in the kernel for the app, looked up when asked: the port is known once the server
	 * has started (it may have been 0).
	 * @param context the context
	 * @param backlog the kernel's socket tables
	 * @return the waiting connections, empty while there is no web server
	 */
	public static WaitingConnections waitingConnections(ApplicationContext context, SocketBacklog backlog) {
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, WebServers.class.getClassLoader())) {
			return WaitingConnections.UNKNOWN;
		}
		return () -> {
			int port = Inner.port(context);
			return (port > 0) ? backlog.waiting(port) : OptionalInt.empty();
		};
	}

	private static final class Inner {

		static boolean running(ApplicationContext context) {
			return context instanceof WebServerApplicationContext webContext && webContext.getWebServer() != null;
		}

		static int port(ApplicationContext context) {
			return (context instanceof WebServerApplicationContext webContext && webContext.getWebServer() != null)
					? webContext.getWebServer().getPort() : -1;
		}

	}

}
