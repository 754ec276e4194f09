package dev.pid1.shutdown;

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

	private final @Nullable String excludedPathPrefix;

	/**
	 * Creates a filter.
	 * @param coordinator the coordinator
	 * @param excludedPathPrefix requests under this path (the actuator, when it shares
	 * the main port) do not keep the drain going, or {@code null}
	 */
	public DrainServletFilter(ShutdownCoordinator coordinator, @Nullable String excludedPathPrefix) {
		this.coordinator = coordinator;
		this.excludedPathPrefix = excludedPathPrefix;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!excluded(request.getRequestURI()) && this.coordinator.onRequest()
				&& request.getProtocol().startsWith("HTTP/1")) {
			// HTTP/2 has no Connection header; its connections end with the server.
			response.setHeader("Connection", "close");
		}
		chain.doFilter(request, response);
	}

	private boolean excluded(String path) {
		return this.excludedPathPrefix != null && path != null && path.startsWith(this.excludedPathPrefix);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
