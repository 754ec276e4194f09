package dev.pid1.shutdown;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the requests that arrive on the main port during the drain, and makes their
 * responses close the connection.
 *
 * @author pid1 authors
 */
public class DrainServletFilter extends OncePerRequestFilter implements Ordered {

	private final ShutdownCoordinator coordinator;

	private final ExcludedPath.OnFirstRequest excluded;

	/**
	 * Creates a filter.
	 * @param coordinator the coordinator
	 * @param excludedPathPrefix requests under this path within the application, after
	 * its context path (the actuator, when it shares the main port), do not keep the
	 * drain going, or {@code null}
	 */
	public DrainServletFilter(ShutdownCoordinator coordinator, @Nullable String excludedPathPrefix) {
		this(coordinator, () -> (excludedPathPrefix != null) ? List.of(excludedPathPrefix) : List.of());
	}

	/**
	 * Creates a filter.
	 * @param coordinator the coordinator
	 * @param excludedPaths the paths within the application, after its context path,
	 * whose requests (and those under them) are probes that do not keep the drain going
	 * (the actuator, when it shares the main port, and the health groups' additional
	 * paths), asked for at the first request
	 */
	public DrainServletFilter(ShutdownCoordinator coordinator, Supplier<? extends Collection<String>> excludedPaths) {
		this.coordinator = coordinator;
		this.excluded = new ExcludedPath.OnFirstRequest(excludedPaths);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.excluded.matches(pathWithinApplication(request)) && this.coordinator.onRequest()
				&& request.getProtocol().startsWith("HTTP/1")) {
			// HTTP/2 has no Connection header; its connections end with the server.
			response.setHeader("Connection", "close");
		}
		chain.doFilter(request, response);
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (uri != null && contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath))
				? uri.substring(contextPath.length()) : uri;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
