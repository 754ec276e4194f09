package dev.pid1.shutdown;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Whether an application context runs a web server, the condition for a drain.
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
		if (!ClassUtils.isPresent(WEB_SERVER_CONTEXT, context.getClassLoader())) {
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
