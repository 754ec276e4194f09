package dev.pid1.shutdown;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * What pid1 needs to know about the web servers: whether there is one (the condition for
 * a drain).
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

	private static final class Inner {

		static boolean running(ApplicationContext context) {
			return context instanceof WebServerApplicationContext webContext && webContext.getWebServer() != null;
		}

	}

}
