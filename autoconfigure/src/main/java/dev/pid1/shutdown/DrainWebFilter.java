package dev.pid1.shutdown;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the requests that arrive on the main port of a reactive app during the drain,
 * and makes their responses close the connection.
 *
 * @author pid1 authors
 */
public class DrainWebFilter implements WebFilter, Ordered {

	private final ShutdownCoordinator coordinator;

	private final ExcludedPath.OnFirstRequest excluded;

	/**
	 * Creates a filter.
	 * @param coordinator the coordinator
	 * @param excludedPathPrefix requests under this path within the application, after
	 * its base path (the actuator, when it shares the main port), do not keep the drain
	 * going, or {@code null}
	 */
	public DrainWebFilter(ShutdownCoordinator coordinator, @Nullable String excludedPathPrefix) {
		this(coordinator, () -> (excludedPathPrefix != null) ? List.of(excludedPathPrefix) : List.of());
	}

	/**
	 * Creates a filter.
	 * @param coordinator the coordinator
	 * @param excludedPaths the paths within the application, after its base path, whose
	 * requests (and those under them) are probes that do not keep the drain going (the
	 * actuator, when it shares the main port, and the health groups' additional paths),
	 * asked for at the first request
	 */
	public DrainWebFilter(ShutdownCoordinator coordinator, Supplier<? extends Collection<String>> excludedPaths) {
		this.coordinator = coordinator;
		this.excluded = new ExcludedPath.OnFirstRequest(excludedPaths);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!this.excluded.matches(path) && this.coordinator.onRequest()) {
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
