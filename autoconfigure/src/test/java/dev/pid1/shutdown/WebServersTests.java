package dev.pid1.shutdown;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WebServers}.
 *
 * @author pid1 authors
 */
class WebServersTests {

	@Test
	void seesTheWebServerFromAThreadWhoseContextClassLoaderCannotSeeSpring() throws Exception {
		// What a signal's thread has on Java 21+ under java -jar: a context class loader
		// that sees none of the app's classes.
		ClassLoader blind = ClassLoader.getPlatformClassLoader();
		try (WebContext context = new WebContext()) {
			CompletableFuture<Boolean> running = new CompletableFuture<>();
			Thread thread = new Thread(() -> running.complete(WebServers.running(context)));
			thread.setContextClassLoader(blind);
			thread.start();
			assertThat(running.get(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void noWebServerInAPlainContext() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThat(WebServers.running(context)).isFalse();
		}
	}

	static final class WebContext extends GenericApplicationContext implements WebServerApplicationContext {

		private final WebServer webServer = mock(WebServer.class);

		@Override
		public WebServer getWebServer() {
			return this.webServer;
		}

		@Override
		public String getServerNamespace() {
			return null;
		}

	}

}
